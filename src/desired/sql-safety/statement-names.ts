/** What an operator would call a statement node: `DeleteStmt` → `DELETE`. */
const keywords: Readonly<Record<string, string>> = {
  AlterRoleStmt: 'ALTER ROLE',
  AlterTableStmt: 'ALTER TABLE',
  CallStmt: 'CALL',
  CommentStmt: 'COMMENT ON',
  CopyStmt: 'COPY',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateRoleStmt: 'CREATE ROLE',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  DeleteStmt: 'DELETE',
  DoStmt: 'DO',
  DropStmt: 'DROP',
  ExplainStmt: 'EXPLAIN',
  GrantRoleStmt: 'GRANT (role)',
  GrantStmt: 'GRANT/REVOKE',
  IndexStmt: 'CREATE INDEX',
  InsertStmt: 'INSERT',
  LockStmt: 'LOCK',
  MergeStmt: 'MERGE',
  RenameStmt: 'ALTER … RENAME',
  SelectStmt: 'SELECT',
  TransactionStmt: 'BEGIN/COMMIT/ROLLBACK',
  TruncateStmt: 'TRUNCATE',
  UpdateStmt: 'UPDATE',
  VariableSetStmt: 'SET',
  ViewStmt: 'CREATE VIEW',
};

export function statementName(type: string): string {
  return keywords[type] ?? type.replace(/Stmt$/, '');
}
