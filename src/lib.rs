//! wslsp: find WebSocket close calls in source code and check their close codes
//! against RFC 6455 §7.4, the IANA registry and the WHATWG `WebSocket.close()` rules.
//!
//! The library knows nothing of LSP or the terminal; `wslsp check` (the `cli` module of
//! the binary) and `wslsp lsp` are thin shells over [`analysis::analyze`].

pub mod analysis;
pub mod budget;
pub mod cache;
pub mod catalog;
pub mod config;
pub mod detection;
pub mod facts;
pub mod fixes;
pub mod index;
pub mod languages;
pub mod libraries;
pub mod literals;
pub mod locale;
pub mod manifest;
pub mod position;
pub mod roles;
pub mod rules;
pub mod suppress;
pub mod workspace;
