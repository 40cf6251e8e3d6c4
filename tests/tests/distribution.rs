//! Distribution, with the real tools: `aac` as a signed Helm 4 plugin archive
//! (`scripts/package-plugin.sh`, `helm plugin install ARCHIVE` with signature
//! verification on, under Helm 4.1.4 and 4.3.1) and the chart as a signed package
//! (`helm package --sign`, `helm verify`, lint and template of the `.tgz`, under
//! Helm 3 and 4), each with a throwaway GnuPG key made here. The container image
//! has its own script (`scripts/test-image.sh`: podman, run by `scripts/test.sh`).

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use aac_tests::{HELM4S, HELMS, chart_dir, ok, out, repo_root, tool};

/// The `aac` binary under test (what `target/release/aac` is, in a debug build).
fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

/// A fresh scratch folder for one test (short, so gpg-agent's socket path fits).
fn scratch(name: &str) -> PathBuf {
    aac_tests::emptied(std::env::temp_dir().join(format!("aac-dist-{}-{name}", std::process::id())))
}

/// A throwaway GnuPG home with unprotected RSA signing keys, exported as legacy
/// keyring files (what Helm's OpenPGP code reads). Its gpg-agent is stopped on drop.
struct Gpg {
    home: PathBuf,
}

impl Gpg {
    fn new(dir: &Path) -> Gpg {
        let home = dir.join("gnupg");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        Gpg { home }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("gpg");
        cmd.env("GNUPGHOME", &self.home)
            .args(["--batch", "--quiet", "--no-tty"])
            .args(args);
        cmd
    }

    /// Generates the key `name <email>` into `pub.gpg` and `sec.gpg` of `dir`;
    /// those two paths.
    fn keyrings(&self, dir: &Path, name: &str, email: &str) -> (PathBuf, PathBuf) {
        let (pubring, secring) = (dir.join("pub.gpg"), dir.join("sec.gpg"));
        self.key(name, email, &pubring, &secring);
        (pubring, secring)
    }

    /// Generates the key `name <email>`; writes its public keyring to `pub_file`
    /// and its secret keyring to `sec_file`.
    fn key(&self, name: &str, email: &str, pub_file: &Path, sec_file: &Path) {
        let spec = self.home.join(format!("{email}.spec"));
        std::fs::write(
            &spec,
            format!(
                "%no-protection\nKey-Type: RSA\nKey-Length: 2048\nKey-Usage: sign\n\
                 Name-Real: {name}\nName-Email: {email}\nExpire-Date: 0\n%commit\n"
            ),
        )
        .unwrap();
        ok(&mut self.cmd(&["--gen-key", spec.to_str().unwrap()]));
        for (flag, file) in [("--export", pub_file), ("--export-secret-keys", sec_file)] {
            let o = self
                .cmd(&[flag, email])
                .output()
                .expect("gpg runs (GnuPG is needed to sign)");
            assert!(
                o.status.success() && !o.stdout.is_empty(),
                "gpg {flag} {email}"
            );
            std::fs::write(file, o.stdout).unwrap();
        }
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &self.home)
            .args(["--kill", "all"])
            .output();
    }
}

/// The files in a `.tgz`, as `tar` lists them (folders left out; no name here
/// has a space).
fn tar_list(archive: &Path) -> BTreeSet<String> {
    let o = ok(Command::new("tar").arg("-tvzf").arg(archive));
    o.stdout
        .lines()
        .filter(|l| !l.starts_with('d'))
        .map(|l| l.split_whitespace().last().unwrap_or_default().to_string())
        .collect()
}

/// `archive` with one byte of its payload changed and repacked (same name, so
/// its `.prov` beside it no longer matches).
fn tamper(archive: &Path, file_in_archive: &str, work: &Path) {
    let x = work.join("tamper");
    std::fs::create_dir_all(&x).unwrap();
    ok(Command::new("tar")
        .arg("-xzf")
        .arg(archive)
        .arg("-C")
        .arg(&x));
    let target = x.join(file_in_archive);
    let mut bytes = std::fs::read(&target).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&target, bytes).unwrap();
    let top = file_in_archive.split('/').next().unwrap();
    ok(Command::new("tar")
        .arg("-czf")
        .arg(archive)
        .arg("-C")
        .arg(&x)
        .arg(top));
}

/// A copy of a signed archive and its `.prov` in `dir`, one byte of
/// `file_in_archive` changed in the copy; the copy's path.
fn tampered_copy(archive: &Path, file_in_archive: &str, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let copy = dir.join(archive.file_name().unwrap());
    std::fs::copy(archive, &copy).unwrap();
    let prov = |p: &Path| p.with_extension("tgz.prov");
    std::fs::copy(prov(archive), prov(&copy)).unwrap();
    tamper(&copy, file_in_archive, dir);
    copy
}

// ---------------------------------------------------------------------------------
// The Helm 4 plugin archive
// ---------------------------------------------------------------------------------

/// Helm `helm` (a Helm 4) with the Helm home `dir` and no `HELM_PLUGINS`: Helm 4.1.4
/// to 4.3.1 install a plugin from an archive into `$HELM_DATA_HOME/plugins` whatever
/// `HELM_PLUGINS` says (helm/helm#32646; `plugin_archive_ignores_helm_plugins`), so a
/// user's plugins folder is the default one.
fn helm_in(helm: &str, dir: &Path, args: &[&str]) -> Command {
    let mut cmd = aac_tests::isolated_command(&tool(helm), args, helm);
    cmd.env("HELM_CONFIG_HOME", dir.join("config"))
        .env("HELM_CACHE_HOME", dir.join("cache"))
        .env("HELM_DATA_HOME", dir.join("data"))
        .env_remove("HELM_PLUGINS");
    cmd
}

/// `scripts/package-plugin.sh` with `args`, packaging the binary under test with
/// the Helm 4 `helm` into `out_dir`; returns the archive's path.
fn package_plugin(helm: &str, out_dir: &Path, args: &[&str]) -> PathBuf {
    let o = ok(Command::new(repo_root().join("scripts/package-plugin.sh"))
        .arg("--binary")
        .arg(aac())
        .arg("--helm")
        .arg(tool(helm))
        .arg("--out")
        .arg(out_dir)
        .args(args));
    let archive = PathBuf::from(o.stdout.trim_end());
    assert_eq!(archive, out_dir.join("aac-0.1.0.tgz"), "{}", o.stderr);
    assert_eq!(
        tar_list(&archive),
        BTreeSet::from(["aac/aac".to_string(), "aac/plugin.yaml".to_string()]),
        "the archive holds plugin.yaml and the binary"
    );
    archive
}

/// Objects of a rendered stream, keyed by kind/namespace/name.
fn objects(yaml: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
    aac_tests::objects_by_key(aac_tests::parse_stream(yaml))
}

#[test]
fn signed_plugin_archive_installs_with_verification_under_helm4() {
    let dir = scratch("plugin");
    let gpg = Gpg::new(&dir);
    let (pubring, secring) = gpg.keyrings(&dir, "aac release", "aac-release@example.invalid");
    let (other_pub, other_sec) = (dir.join("other-pub.gpg"), dir.join("other-sec.gpg"));
    gpg.key(
        "someone else",
        "someone@example.invalid",
        &other_pub,
        &other_sec,
    );
    // `helm plugin VERB ARCHIVE --keyring KEYRING` in the Helm's own folders.
    let plugin = |helm: &str, verb: &str, archive: &Path, keyring: &Path| {
        let (archive, keyring) = (archive.to_str().unwrap(), keyring.to_str().unwrap());
        helm_in(
            helm,
            &dir.join(helm),
            &["plugin", verb, archive, "--keyring", keyring],
        )
    };

    let expected = {
        let o = ok(Command::new(aac()).current_dir(chart_dir()).args([
            "render",
            "rel",
            "-f",
            "values-production.yaml",
        ]));
        objects(&o.stdout)
    };

    for helm in HELM4S {
        let work = dir.join(helm);
        let signed_by = |key: &str, keyring: &Path, dir: &str| {
            let args = ["--key", key, "--keyring", keyring.to_str().unwrap()];
            package_plugin(helm, &work.join(dir), &args)
        };
        let signed = signed_by("aac release", &secring, "signed");
        let prov = std::fs::read_to_string(signed.with_extension("tgz.prov")).unwrap();
        assert!(
            prov.contains("-----BEGIN PGP SIGNATURE-----")
                && prov.contains("aac-0.1.0.tgz: sha256:")
        );

        // helm plugin verify: the archive against the release key, not another one.
        let o = ok(&mut plugin(helm, "verify", &signed, &pubring));
        assert!(
            o.stdout.contains("Signed by: aac release"),
            "{helm}: {}",
            o.stdout
        );
        let o = out(&mut plugin(helm, "verify", &signed, &other_pub));
        assert!(
            !o.ok(),
            "{helm}: verified against a keyring without the signer's key"
        );

        // Refused: unsigned, tampered, signed by a key the keyring does not hold.
        let unsigned = package_plugin(helm, &work.join("unsigned"), &["--unsigned"]);
        assert!(!unsigned.with_extension("tgz.prov").exists());
        let tampered = tampered_copy(&signed, "aac/plugin.yaml", &work.join("tampered"));
        let foreign = signed_by("someone else", &other_sec, "foreign");
        for (what, archive, needle) in [
            ("unsigned", &unsigned, "no provenance file"),
            ("tampered", &tampered, "sha256 sum does not match"),
            (
                "signed by an unknown key",
                &foreign,
                "signature made by unknown entity",
            ),
        ] {
            let o = out(&mut plugin(helm, "install", archive, &pubring));
            assert!(!o.ok(), "{helm} installed the {what} archive");
            assert!(o.stderr.contains(needle), "{helm}, {what}: {}", o.stderr);
            assert!(
                !work.join("data/plugins/aac").exists(),
                "{helm} left the {what} plugin installed"
            );
            let o = out(&mut plugin(helm, "verify", archive, &pubring));
            assert!(!o.ok(), "{helm} plugin verify passed the {what} archive");
        }

        // Installed with plain `helm plugin install ARCHIVE` (verification on by default).
        let o = ok(&mut plugin(helm, "install", &signed, &pubring));
        assert!(
            o.stdout.contains("Installed plugin: aac"),
            "{helm}: {}",
            o.stdout
        );
        let installed = work.join("data/plugins/aac/aac");
        assert_eq!(
            std::fs::read(&installed).unwrap(),
            std::fs::read(aac()).unwrap(),
            "{helm}: the installed binary is the packaged one"
        );
        assert!(std::fs::metadata(&installed).unwrap().permissions().mode() & 0o111 != 0);
        let o = ok(&mut helm_in(helm, &work, &["plugin", "list"]));
        let row = o
            .stdout
            .lines()
            .find(|l| l.starts_with("aac "))
            .unwrap_or_default();
        assert!(
            row.contains("postrenderer/v1") && row.contains("signed"),
            "{helm} plugin list: {}",
            o.stdout
        );

        // ... and it is the post-renderer: Helm's stream through it gives aac render's objects.
        let o = ok(&mut helm_in(
            helm,
            &work,
            &[
                "template",
                "rel",
                ".",
                "-f",
                "values-production.yaml",
                "--set",
                "renderer.engine=wasm",
                "--post-renderer",
                "aac",
            ],
        ));
        assert_eq!(
            objects(&o.stdout),
            expected,
            "{helm} with the archive-installed plugin"
        );
    }
    drop(gpg);
    let _ = std::fs::remove_dir_all(&dir); // kept when a check fails
}

/// Helm 4.1.4 to 4.3.1 put a plugin installed from an archive in
/// `$HELM_DATA_HOME/plugins` even when `HELM_PLUGINS` names another folder, where
/// they then do not look for it (helm/helm#32646): the README tells users. This
/// fails once a Helm honours `HELM_PLUGINS` (then update the README and `helm_in`).
#[test]
fn plugin_archive_ignores_helm_plugins() {
    let dir = scratch("helm-plugins");
    for helm in HELM4S {
        let work = dir.join(helm);
        let archive = package_plugin(helm, &work.join("pkg"), &["--unsigned"]);
        let mut cmd = helm_in(
            helm,
            &work,
            &[
                "plugin",
                "install",
                archive.to_str().unwrap(),
                "--verify=false",
            ],
        );
        cmd.env("HELM_PLUGINS", work.join("plugins"));
        ok(&mut cmd);
        assert!(
            work.join("data/plugins/aac/aac").exists() && !work.join("plugins/aac").exists(),
            "{helm} now installs archives into HELM_PLUGINS: update the README and helm_in"
        );
    }
    let _ = std::fs::remove_dir_all(&dir); // kept when a check fails
}

// ---------------------------------------------------------------------------------
// The signed chart package
// ---------------------------------------------------------------------------------

/// Every file of the chart's source folder a package must carry: all but `ci/`.
fn chart_files() -> BTreeSet<String> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &rel, out);
            } else {
                out.insert(rel);
            }
        }
    }
    let mut all = BTreeSet::new();
    walk(&chart_dir(), "", &mut all);
    all.into_iter()
        .filter(|f| !f.starts_with("ci/"))
        .map(|f| format!("ai-agent-connector/{f}"))
        .collect()
}

/// Copies the chart folder to `to`, adding what `.helmignore` must keep out.
fn chart_copy_with_litter(to: &Path) {
    ok(Command::new("cp").arg("-R").arg(chart_dir()).arg(to));
    for litter in [
        ".git/HEAD",
        ".gitignore",
        ".DS_Store",
        ".vscode/settings.json",
        ".idea/workspace.xml",
        "values.yaml.swp",
        "templates/.deployment.yaml.swo",
        "templates/deployment.yaml~",
        "templates/.#deployment.yaml",
        "templates/deployment.yaml.orig",
        "templates/deployment.yaml.rej",
        "values.yaml.bak",
        "ai-agent-connector-0.9.0.tgz",
        "ai-agent-connector-0.9.0.tgz.prov",
    ] {
        let path = to.join(litter);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "litter\n").unwrap();
    }
}

#[test]
fn signed_chart_package_verifies_lints_and_renders_under_helm3_and_helm4() {
    let dir = scratch("chart");
    let gpg = Gpg::new(&dir);
    let (pubring, secring) = gpg.keyrings(&dir, "aac charts", "aac-charts@example.invalid");
    let other_pub = dir.join("other-pub.gpg");
    gpg.key(
        "someone else",
        "someone@example.invalid",
        &other_pub,
        &dir.join("other-sec.gpg"),
    );
    let keyring = pubring.to_str().unwrap();

    let source = dir.join("src/ai-agent-connector");
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    chart_copy_with_litter(&source);
    let expected_files = chart_files();
    assert!(expected_files.contains("ai-agent-connector/.helmignore"));
    assert!(expected_files.contains("ai-agent-connector/values.schema.json"));

    for helm in HELMS {
        let run = |args: &[&str]| aac_tests::isolated_command(&tool(helm), args, helm);
        let pkg_dir = dir.join(helm);
        let o = ok(&mut run(&[
            "package",
            "--sign",
            "--key",
            "aac charts",
            "--keyring",
            secring.to_str().unwrap(),
            "-d",
            pkg_dir.to_str().unwrap(),
            source.to_str().unwrap(),
        ]));
        let tgz = pkg_dir.join("ai-agent-connector-1.0.0.tgz");
        assert!(
            tgz.exists() && tgz.with_extension("tgz.prov").exists(),
            "{helm}: {}",
            o.stdout
        );
        let pkg = tgz.to_str().unwrap();

        assert_eq!(
            tar_list(&tgz),
            expected_files,
            "{helm}: the package's files"
        );

        let o = ok(&mut run(&["verify", pkg, "--keyring", keyring]));
        assert!(
            o.stdout.contains("Signed by: aac charts"),
            "{helm}: {}",
            o.stdout
        );
        assert!(
            !out(&mut run(&[
                "verify",
                pkg,
                "--keyring",
                other_pub.to_str().unwrap()
            ]))
            .ok()
        );

        let o = ok(&mut run(&["lint", "--strict", pkg]));
        assert!(
            o.stdout.contains("0 chart(s) failed"),
            "{helm}: {}",
            o.stdout
        );

        // Rendering the package (checked against the key) is rendering the chart.
        for values in ["values.yaml", "values-production.yaml"] {
            let from_dir = ok(&mut run(&["template", "rel", ".", "-f", values])).stdout;
            let values = chart_dir().join(values);
            let values = values.to_str().unwrap();
            let from_pkg = ok(&mut run(&[
                "template",
                "rel",
                pkg,
                "-f",
                values,
                "--verify",
                "--keyring",
                keyring,
            ]))
            .stdout;
            assert_eq!(
                from_pkg, from_dir,
                "{helm} template of the package, {values}"
            );
        }

        // A changed byte, or the wrong key, and Helm refuses it.
        let bad = tampered_copy(
            &tgz,
            "ai-agent-connector/values.yaml",
            &pkg_dir.join("tampered"),
        );
        let o = out(&mut run(&[
            "verify",
            bad.to_str().unwrap(),
            "--keyring",
            keyring,
        ]));
        assert!(
            !o.ok() && o.stderr.contains("sha256 sum does not match"),
            "{helm}: {}",
            o.stderr
        );
        let o = out(&mut run(&[
            "template",
            "rel",
            bad.to_str().unwrap(),
            "--verify",
            "--keyring",
            keyring,
        ]));
        assert!(
            !o.ok() && o.stdout.is_empty(),
            "{helm} rendered a tampered package"
        );
        let o = out(&mut run(&[
            "template",
            "rel",
            pkg,
            "--verify",
            "--keyring",
            other_pub.to_str().unwrap(),
        ]));
        assert!(
            !o.ok(),
            "{helm} rendered a package signed by a key not in the keyring"
        );
    }
    drop(gpg);
    let _ = std::fs::remove_dir_all(&dir); // kept when a check fails
}
