//! The goldens in `core/tests/golden/` (what `cargo test -p aac-core` checks
//! the core against, with no Helm installed) are exactly what the real Helms
//! print today: `helm template` of every scenario with Helm 3.17, 4.1 and 4.3,
//! and the NOTES that Helm 4's `install --dry-run=client` prints (Helm 3 needs
//! a cluster for that). So the goldens cannot go stale.
//!
//! Refusals too: for each values file in `core/tests/golden/refused/`, what
//! Helm prints on stderr (`<helm>/refused/<file>.err`), with the order of the
//! `- ` lines of a schema error sorted (Helm lists them in map order, which
//! changes from run to run).
//!
//! Regenerate them all (and drop goldens of scenarios that are gone) with
//!   AAC_BLESS=1 cargo test -p aac-tests --test golden
//! then read `git diff core/tests/golden`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aac_tests::{HELMS, helm_template, is_helm4, line_diff, repo_root, run, scenarios, tool};

const BLESS: &str = "AAC_BLESS=1 cargo test -p aac-tests --test golden";

/// The release every golden is rendered as (what `tests/bytes.rs` uses), in
/// Helm's default namespace.
const RELEASE: &str = "ai-agent-connector";

fn golden_dir() -> PathBuf {
    repo_root().join("core/tests/golden")
}

/// The golden of `helm template` for a scenario (a path relative to the chart).
fn stream_path(helm: &str, scenario: &str) -> PathBuf {
    golden_dir().join(helm).join(format!("{scenario}.out"))
}

/// The golden of the NOTES Helm prints after `NOTES:` (Helm 4 only).
fn notes_path(helm: &str, scenario: &str) -> PathBuf {
    golden_dir().join(helm).join(format!("{scenario}.notes"))
}

/// The values files Helm refuses, as `-f` paths relative to the chart.
fn refused() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(golden_dir().join("refused"))
        .expect("core/tests/golden/refused exists")
        .map(|e| e.expect("readable entry").file_name().into_string())
        .filter_map(Result::ok)
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("../../core/tests/golden/refused/{n}"))
        .collect();
    out.sort();
    out
}

/// The golden of Helm's stderr for a refused values file.
fn refusal_path(helm: &str, file: &str) -> PathBuf {
    let name = Path::new(file).file_name().expect("a file name");
    golden_dir()
        .join(helm)
        .join("refused")
        .join(format!("{}.err", name.to_string_lossy()))
}

/// Helm's stderr with each run of `- ` lines (a schema error's list, in Go map
/// order) sorted, so that it is the same from run to run.
fn sorted_lists(stderr: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for line in stderr.split_inclusive('\n') {
        if line.starts_with("- ") && line.ends_with('\n') {
            run.push(line);
            continue;
        }
        run.sort_unstable();
        out.append(&mut run);
        out.push(line);
    }
    run.sort_unstable();
    out.append(&mut run);
    out.concat()
}

/// What Helm 4 prints after `NOTES:` for `install --dry-run=client -f scenario`.
fn helm4_notes(helm: &str, scenario: &str) -> Result<String, String> {
    let out = run(
        &tool(helm),
        &["install", RELEASE, ".", "--dry-run=client", "-f", scenario],
    );
    let stdout = String::from_utf8(out.stdout).expect("helm prints UTF-8");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    match stdout.rsplit_once("\nNOTES:\n") {
        Some((_, notes)) => Ok(notes.to_string()),
        None => Err(format!("no NOTES in:\n{stdout}")),
    }
}

/// Every golden file of one Helm: (path, what Helm prints now).
fn live(helm: &str) -> Vec<(PathBuf, Result<String, String>)> {
    let mut out = Vec::new();
    for scenario in scenarios() {
        out.push((
            stream_path(helm, &scenario),
            helm_template(helm, RELEASE, &["-f", &scenario])
                .map_err(|e| format!("Helm refuses the scenario:\n{e}")),
        ));
        if is_helm4(helm) {
            out.push((notes_path(helm, &scenario), helm4_notes(helm, &scenario)));
        }
    }
    for file in refused() {
        let stderr = match helm_template(helm, RELEASE, &["-f", &file]) {
            Ok(_) => Err(format!("{helm} renders {file}, which it should refuse")),
            Err(stderr) => Ok(sorted_lists(&stderr)),
        };
        out.push((refusal_path(helm, &file), stderr));
    }
    out
}

fn files_under(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("readable golden entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "out" || e == "notes" || e == "err")
        {
            out.insert(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn goldens_are_what_helm_prints_today() {
    let bless = std::env::var_os("AAC_BLESS").is_some();
    // One thread per Helm: the three binaries are independent.
    let results: Vec<(PathBuf, Result<String, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = HELMS.iter().map(|h| s.spawn(move || live(h))).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a Helm thread panicked"))
            .collect()
    });
    let mut problems = Vec::new();
    let mut expected = BTreeSet::new();
    for (path, got) in &results {
        expected.insert(path.clone());
        let text = match got {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{}: {e}", relative(path)));
                continue;
            }
        };
        if bless {
            std::fs::create_dir_all(path.parent().expect("golden has a folder"))
                .expect("create golden folder");
            std::fs::write(path, text).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(path) {
            Ok(golden) if golden == *text => {}
            Ok(golden) => problems.push(format!(
                "{} differs from what Helm prints now (- golden, + helm):\n{}",
                relative(path),
                line_diff(&golden, text).replacen(
                    "--- helm\n+++ aac\n",
                    "--- golden\n+++ helm\n",
                    1
                )
            )),
            Err(e) => problems.push(format!("{} is missing: {e}", relative(path))),
        }
    }
    // A golden whose scenario is gone would be checked by nothing.
    let mut on_disk = BTreeSet::new();
    files_under(&golden_dir(), &mut on_disk);
    for orphan in on_disk.difference(&expected) {
        if bless {
            std::fs::remove_file(orphan).expect("remove orphan golden");
        } else {
            problems.push(format!(
                "{} is a golden of no scenario today",
                relative(orphan)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nThe goldens in core/tests/golden are stale: regenerate them with\n  {BLESS}\nand read `git diff core/tests/golden` (the core must then match them: cargo test -p aac-core --test golden).",
        problems.join("\n")
    );
    assert!(
        expected.len() == scenarios().len() * 5 + refused().len() * 3,
        "one `helm template` golden per Helm and NOTES per Helm 4 for each scenario, \
         one stderr per Helm for each refused file"
    );
}
