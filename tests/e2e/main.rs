//! The end-to-end tests, in one binary (one link, not one per file): each module builds real
//! sites in temporary folders with the real `landscape` binary and reads the output back.
//! The tests that drive Chromium, Node.js or Java run only with the `external-tools` feature
//! (`tests/run.sh` turns it on).

mod common;

mod audit;
mod browser;
mod browser_audit;
mod browser_serve;
mod build_example;
mod check_corpus;
mod compact;
mod highlight;
mod hostile_classes;
mod hostile_files;
mod import;
mod near;
mod open_data;
mod plan;
mod privacy;
mod property;
mod publishing;
mod region_fixture;
mod scaffold;
mod schema;
mod search;
mod serve;
mod synthetic;
mod truth;
mod valid_html;
mod weight;
mod words;
mod xss;
