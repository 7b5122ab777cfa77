import { getContainerRuntimeClient } from 'testcontainers';

export type ContainerRuntime =
  | { readonly available: true; readonly description: string }
  | { readonly available: false; readonly reason: string };

/**
 * Whether a container engine answers. Having the docker CLI is not enough (CI and the dev
 * machines have the CLI and no engine), so ask testcontainers, which tries every strategy it
 * knows (DOCKER_HOST, the socket, Colima, Podman, testcontainers.properties). The timeout keeps
 * a socket that accepts and never answers from hanging the whole test run.
 */
export async function detectContainerRuntime(timeoutMs = 15_000): Promise<ContainerRuntime> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from a container runtime within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const client = await Promise.race([getContainerRuntimeClient(), timeout]);
    const { serverVersion, operatingSystem } = client.info.containerRuntime;
    return { available: true, description: `${operatingSystem} ${serverVersion}` };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
