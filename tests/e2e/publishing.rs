//! The publishing guide's example workflow (docs/examples/github-pages.yml) works as written:
//! it is well-formed, runs on a push, by hand and every day, and its build command, run as
//! written in a copy of the example site, builds the site into the folder it uploads.

use crate::common;
use common::*;
use serde_yaml::Value;

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo_root().join("docs/examples/github-pages.yml")).unwrap();
    serde_yaml::from_str(&text).expect("the workflow is YAML")
}

fn steps<'a>(wf: &'a Value, job: &str) -> &'a Vec<Value> {
    wf["jobs"][job]["steps"].as_sequence().unwrap_or_else(|| panic!("no steps in job `{job}`"))
}

fn uses<'a>(steps: &'a [Value], action: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(&format!("{action}@"))))
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

#[test]
fn the_workflow_builds_daily_and_on_every_push_and_publishes_to_pages() {
    let wf = workflow();
    assert_eq!(wf["on"]["push"]["branches"][0].as_str(), Some("main"));
    assert!(wf["on"]["schedule"][0]["cron"].as_str().is_some(), "no daily build");
    assert!(wf["on"].get("workflow_dispatch").is_some(), "cannot be started by hand");
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
    let build = steps(&wf, "build");
    uses(build, "actions/checkout");
    uses(build, "dtolnay/rust-toolchain");
    assert_eq!(uses(build, "actions/configure-pages")["id"].as_str(), Some("pages"));
    assert_eq!(uses(build, "actions/upload-pages-artifact")["with"]["path"].as_str(), Some("public/"));
    assert_eq!(wf["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    let deploy = steps(&wf, "deploy");
    assert_eq!(uses(deploy, "actions/deploy-pages")["id"].as_str(), Some("deployment"));
    assert_eq!(wf["jobs"]["deploy"]["environment"]["name"].as_str(), Some("github-pages"));
}

#[test]
fn the_workflow_build_command_as_written_builds_the_example() {
    let wf = workflow();
    let run = steps(&wf, "build")
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("cargo run"))
        .expect("a step runs the build");
    let args = run.trim().strip_prefix("cargo run --release -- ").expect("the build runs through cargo");
    // What configure-pages gives for a project site: the address without a closing slash.
    let args = args.replace("${{ steps.pages.outputs.base_url }}", "https://example.github.io/therapies");
    let args: Vec<String> = args.split_whitespace().map(|a| a.trim_matches('"').to_string()).collect();
    assert_eq!(args[..2], ["build", "--base-url"]);

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(&repo_root(), &site);
    // As in CI: in the repository's folder, writing its default output folder.
    let o = bin().args(&args).current_dir(&site).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("public/index.html");
    assert!(home.contains("https://example.github.io/therapies/"), "no canonical address under the base URL");
    assert!(home.contains("href=/therapies/accessibility/") || home.contains("href=\"/therapies/accessibility/\""));
    assert!(site.join("public/404.html").is_file());
}
