/** Tells, once per run, which database the integration tests use. */
export default function globalSetup(): void {
  const url = process.env.TEST_DATABASE_URL;
  process.stdout.write(
    url
      ? `\nIntegration tests on PostgreSQL at ${url.replace(/\/\/[^@]*@/, '//')} (a fresh database per test file)\n`
      : '\nTEST_DATABASE_URL is not set: integration tests run on embedded PGlite (tests that need several racing connections are skipped)\n',
  );
}
