/**
 * tap's coverage map. The tests run compiled, from dist/test, so tap can't tell a test helper
 * from the code under test by its path alone: every test covers the project's source, and
 * none of test/. Reports map back to the .ts files through the source maps.
 */
export default function coverageMap(): string {
  return 'dist/{server,scenarios,openapi,bench,tools}/**/*.js';
}
