//! Failures: a run that could not be carried out (exit status 2). Lint
//! results are never errors; they are findings.

use std::path::PathBuf;

use crate::finding::{Finding, Source};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The config could not be read; the findings say where and why.
    #[error("the ownership config has {} error(s)", findings.len())]
    Config {
        findings: Vec<Finding>,
        sources: Vec<Source>,
    },
    #[error("{message}")]
    Git {
        message: String,
        help: Option<String>,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file teamlint will not read or write as it stands (a symbolic
    /// link, a device, a file over its size cap, a protected target).
    #[error("{path}: {message}")]
    File {
        path: String,
        message: String,
        help: String,
    },
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
    /// Stopped by the user (Ctrl-C) part way; exit status 130, as a shell
    /// gives a command ended by SIGINT.
    #[error("{message}")]
    Interrupted { message: String, help: String },
}

impl Error {
    pub fn git(message: impl Into<String>) -> Error {
        Error::Git {
            message: message.into(),
            help: None,
        }
    }

    pub fn git_with_help(message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Git {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn usage(message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn file(
        path: impl std::fmt::Display,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Error {
        Error::File {
            path: path.to_string(),
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The failure for a config that did not load: every error, as findings.
    pub fn from_config((sources, errors): (Vec<Source>, Vec<crate::config::ConfigError>)) -> Error {
        let findings = errors
            .into_iter()
            .map(|e| e.into_finding(&sources))
            .collect();
        Error::Config { findings, sources }
    }

    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Git { help, .. } | Error::Usage { help, .. } => help.as_deref(),
            Error::File { help, .. } | Error::Interrupted { help, .. } => Some(help),
            Error::Config { .. } => Some("fix the config errors above"),
            Error::Io { .. } => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
