//! `--format junit`: a JUnit XML report (written by quick-junit), which CI systems such as
//! Jenkins, GitLab and Azure Pipelines show as test results: one test suite per file with
//! findings, one failing test case per finding; a clean run is one passing test case.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{located, skipped_to_stderr};
use crate::cli::walk::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut junit = JunitReport::new("wslsp");
    let mut suite: Option<TestSuite> = None;
    for l in located(report) {
        if suite
            .as_ref()
            .is_none_or(|s| s.name.as_str() != l.file.path)
        {
            junit.add_test_suites(suite.take());
            suite = Some(TestSuite::new(l.file.path.as_str()));
        }
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(l.finding.message.as_str())
            .set_type(l.finding.severity.name())
            .set_description(format!(
                "{}:{}:{}: {}\nhelp: {}",
                l.file.path, l.span.line, l.span.column, l.finding.message, l.finding.help
            ));
        let mut case = TestCase::new(
            format!(
                "{} at line {}, column {}",
                l.finding.rule, l.span.line, l.span.column
            ),
            status,
        );
        case.set_classname(l.file.path.as_str());
        suite.as_mut().expect("set above").add_test_case(case);
    }
    match suite {
        Some(suite) => {
            junit.add_test_suite(suite);
        }
        None => {
            let mut clean = TestSuite::new("wslsp");
            clean.add_test_case(TestCase::new("no findings", TestCaseStatus::success()));
            junit.add_test_suite(clean);
        }
    }
    skipped_to_stderr(report);
    junit
        .serialize(&mut *out)
        .map_err(|e| io::Error::other(e.to_string()))
}
