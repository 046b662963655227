//! The suggest JSON document (docs/reference.md §5.2).

use serde::Serialize;

use super::SuggestReport;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    #[serde(flatten)]
    report: &'a SuggestReport,
}

pub fn write(doc: &SuggestReport, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::json::write_document(
        &Doc {
            version: 1,
            report: doc,
        },
        w,
    )
}
