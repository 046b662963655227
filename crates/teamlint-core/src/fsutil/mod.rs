//! The file system at its edges: reads that cannot block, follow a link or
//! run away with memory, and writes that leave the old file or the new one
//! and never replace what is not a regular file. The policy is documented
//! in docs/files.md.

mod read;
mod write;

pub use read::{
    blob_kind, read_beneath, read_git_file, read_path, Refusal, BASELINE_CAP, CACHE_CAP,
    CODEOWNERS_CAP, GIT_FILE_CAP, HOOK_CAP, INDEX_CAP, OWNERSHIP_CAP,
};
pub use write::{
    append_report, create_atomic, refuse_kept_place, refuse_protected, write_atomic,
    write_atomic_with, write_report, FileId, Kept, Protected,
};
