// Prints one plain closing line that any CI log reader understands:
// "jest: N passed, N failed, N skipped". JEST_SUMMARY_LABEL replaces "jest"
// (the compatibility run labels its line "jest-compat").
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const label = process.env.JEST_SUMMARY_LABEL || 'jest';
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\n${label}: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
