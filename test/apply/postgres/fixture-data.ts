/**
 * Crafted DTX 2.0 rows for the view tests, dated relative to the database's current_date so the
 * expectations hold on any day. Timestamps sit at noon UTC; the tests run with TimeZone = UTC.
 */
export const fixtureSql = String.raw`
CREATE FUNCTION pg_temp.at(days integer) RETURNS timestamptz LANGUAGE sql AS
  $$ SELECT ((current_date + days)::timestamp + time '12:00') AT TIME ZONE 'UTC' $$;

INSERT INTO auth_user (id, email, first_name, last_name) VALUES (1, 'ada@docutrax.example', 'Ada', 'Lovelace');

INSERT INTO docutrax_hierarchy_account
  (id, parent_id, account_type, name, status, industry_sector, account_manager_id, legacy_customer_id, legacy_ch_id, created_at, inactivated_at)
VALUES
  (10, NULL, 'service_org', 'Acme Holdings', 'active', 'Construction', 1, 1001, NULL, '2020-01-15 12:00+00', NULL),
  (11, NULL, 'service_org', 'Bluewater Ltd', 'suspended', NULL, NULL, 1002, NULL, '2021-06-01 12:00+00', NULL),
  (20, 10, 'client', 'Acme East', 'active', NULL, NULL, NULL, 501, '2020-02-01 12:00+00', NULL),
  (21, 10, 'client', 'Acme West', 'inactive', NULL, NULL, NULL, 502, '2020-03-01 12:00+00', '2023-07-04 12:00+00'),
  (22, 11, 'client', 'Bluewater Docks', 'active', NULL, NULL, NULL, 503, '2021-06-02 12:00+00', NULL);

INSERT INTO docutrax_hierarchy_broker (id, name, agency_name, email, phone)
VALUES (1, 'Bob Broker', 'Broker & Sons', 'bob@broker.example', '555-0199');

INSERT INTO docutrax_hierarchy_record
  (id, account_id, broker_id, name, status, on_hold, exempt, vendor_code, tax_id, address_1, address_2, city, state, postal_code, country,
   contact_name, contact_email, phone, custom_fields, legacy_ph_id, created_at, activated_at, inactivated_at, updated_at)
VALUES
  (100, 20, 1, 'Rich Roofing', 'active', true, false, 'V-1', '12-345', '1 Main St', 'Suite 2', 'Springfield', 'IL', '62701', 'US',
   'Jane Roe', 'jane@rich.example', '555-0100', '{"custom_1": "alpha", "custom_15": "omega"}', 9001, pg_temp.at(-40), pg_temp.at(-39), NULL, pg_temp.at(-1)),
  (101, 20, NULL, 'Bare Builders', 'pending', false, true, NULL, NULL, NULL, '', 'Shelbyville', NULL, NULL, NULL,
   NULL, NULL, NULL, '{}', 9002, pg_temp.at(-5), NULL, pg_temp.at(-2), pg_temp.at(-5)),
  (102, 22, NULL, 'Expired Electric', 'inactive', false, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, '{"custom_3": "gamma"}', 9003, pg_temp.at(-400), NULL, NULL, pg_temp.at(-400)),
  (103, 21, NULL, 'Nearly Nails', 'active', false, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, '{}', 9004, pg_temp.at(-60), NULL, NULL, pg_temp.at(-60));

INSERT INTO docutrax_requirements_coiriskprofile (id, account_id, kind, name) VALUES
  (1, 10, 'coi', 'Standard COI'), (2, 10, 'doc', 'Doc Profile'), (3, 11, 'doc', 'Other Doc Profile');

INSERT INTO docutrax_documents_certificate
  (id, record_id, risk_profile_id, status, is_current, received_at, reviewed_at, effective_date, expiration_date)
VALUES
  (999, 100, NULL, 'expired', false, pg_temp.at(-500), NULL, current_date - 800, current_date - 400),
  (1000, 100, 1, 'compliant', true, pg_temp.at(-10), pg_temp.at(-9), current_date - 100, current_date + 20),
  (1001, 102, NULL, 'expired', true, pg_temp.at(-380), NULL, current_date - 370, current_date - 5),
  (1002, 103, NULL, 'non_compliant', true, pg_temp.at(-3), NULL, current_date - 362, current_date + 3);

INSERT INTO docutrax_compliance_deficiency (certificate_id, code, description, resolved_at) VALUES
  (1000, 'GL-LOW', 'GL limit too low', NULL),
  (1000, 'AI-MISSING', 'no additional insured', pg_temp.at(-2)),
  (999, 'OLD', 'on the old certificate', NULL);

INSERT INTO docutrax_coverage_carrier (id, name, naic_code, am_best_rating) VALUES
  (1, 'Allstate', '19232', 'A+'), (2, 'Zurich', '16535', 'A');

INSERT INTO docutrax_coverage_coverage
  (id, certificate_id, carrier_id, coverage_type, each_occurrence_limit, aggregate_limit, expiration_date, waiver_of_subrogation, additional_insured, primary_non_contributory)
VALUES
  (5000, 1000, 1, 'automobile', 500000, NULL, current_date + 30, false, true, false),
  (5001, 1000, 2, 'general_liability', 1000000, 2000000, current_date + 20, true, false, false),
  (5002, 1000, 1, 'general_liability', 5, 5, current_date + 1, false, false, false),
  (5003, 1000, NULL, 'umbrella', 3000000, NULL, current_date + 40, false, false, false),
  (5004, 1000, NULL, 'workers_comp', NULL, NULL, current_date + 50, false, false, false),
  (5999, 999, 1, 'general_liability', 7, 7, current_date - 400, true, true, true),
  (6000, 1001, 1, 'automobile', 250000, NULL, current_date - 5, false, false, false),
  (6001, 1001, NULL, 'umbrella', 1000000, NULL, current_date - 5, false, false, true);

INSERT INTO docutrax_extraction_extraction (certificate_id, status, confidence, created_at) VALUES
  (1000, 'done', 0.9, pg_temp.at(-5)),
  (1000, 'done', 0.75, pg_temp.at(-2)),
  (1000, 'failed', 0.1, pg_temp.at(-1)),
  (1001, 'queued', NULL, pg_temp.at(-1));

INSERT INTO docutrax_notifications_notification (record_id, kind, channel, sent_at, responded_at) VALUES
  (100, 'coi_first_alert', 'email', pg_temp.at(-30), NULL),
  (100, 'coi_first_alert', 'email', pg_temp.at(-20), NULL),
  (100, 'coi_second_alert', 'sms', pg_temp.at(-15), NULL),
  (100, 'doc_alert', 'email', pg_temp.at(-12), NULL),
  (100, 'ping', 'email', pg_temp.at(-8), pg_temp.at(-7)),
  (100, 'ping', 'email', pg_temp.at(-3), NULL),
  (102, 'coi_final_alert', 'fax', pg_temp.at(-100), NULL),
  (102, 'ping', 'email', pg_temp.at(-90), NULL);

INSERT INTO docutrax_documents_document
  (id, record_id, risk_profile_id, document_type, status, is_current, received_at, expiration_date)
VALUES
  (2999, 100, 3, 'w9', 'missing', false, NULL, NULL),
  (3000, 100, NULL, 'w9', 'compliant', true, pg_temp.at(-50), current_date + 100),
  (3001, 100, 2, 'license', 'pending', true, pg_temp.at(-6), current_date + 10),
  (3002, 102, NULL, 'w9', 'missing', true, NULL, NULL),
  (3003, 102, 3, 'license', 'expired', true, pg_temp.at(-200), current_date - 20),
  (3004, 103, 2, 'w9', 'compliant', true, pg_temp.at(-4), current_date + 200);
`;
