use super::resolve::*;
use crate::go::strconv::{go_parse_int, go_parse_uint};
use crate::helm::HelmVersion;
use crate::helm::values_file::*;
use crate::value::*;
use std::collections::BTreeMap;

fn f(x: f64) -> Value {
    Value::Float(x)
}
fn s(x: &str) -> Value {
    Value::String(x.to_string())
}
fn b(x: bool) -> Value {
    Value::Bool(x)
}
const N: Value = Value::Null;
fn seq(items: Vec<Value>) -> Value {
    Value::Seq(items)
}
fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn load(text: &str) -> LoadedValues {
    match parse_values("values.yaml", text) {
        Ok(v) => v,
        Err(e) => panic!("{text:?}: {}", join(&e)),
    }
}

fn join(errs: &[LoadError]) -> String {
    errs.iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn err(text: &str) -> String {
    match parse_values("values.yaml", text) {
        Ok(v) => panic!("{text:?}: expected an error, got {:?}", v.value),
        Err(e) => join(&e),
    }
}

/// The value of `v` in `v: <text>`.
fn val(text: &str) -> Value {
    let loaded = load(&format!("v: {text}\n"));
    loaded.value.as_map().unwrap()["v"].clone()
}

#[test]
fn scalars_like_go_yaml_v2() {
    let cases: &[(&str, Value)] = &[
        // null
        ("", N),
        ("~", N),
        ("null", N),
        ("Null", N),
        ("NULL", N),
        ("nULL", s("nULL")),
        ("'~'", s("~")),
        ("\"null\"", s("null")),
        // booleans, YAML 1.1
        ("true", b(true)),
        ("True", b(true)),
        ("TRUE", b(true)),
        ("tRUE", s("tRUE")),
        ("yes", b(true)),
        ("Yes", b(true)),
        ("YES", b(true)),
        ("yEs", s("yEs")),
        ("y", b(true)),
        ("Y", b(true)),
        ("on", b(true)),
        ("On", b(true)),
        ("ON", b(true)),
        ("no", b(false)),
        ("n", b(false)),
        ("N", b(false)),
        ("off", b(false)),
        ("Off", b(false)),
        ("false", b(false)),
        ("'yes'", s("yes")),
        ("\"on\"", s("on")),
        // integers, all float64 after JSON
        ("0", f(0.0)),
        ("-0", f(0.0)),
        ("12", f(12.0)),
        ("+12", f(12.0)),
        ("-12", f(-12.0)),
        ("1_000", f(1000.0)),
        ("1__0_", f(10.0)),
        ("0x1F", f(31.0)),
        ("0X1f", f(31.0)),
        ("-0x1F", f(-31.0)),
        ("0o17", f(15.0)),
        ("0777", f(511.0)),
        ("0b101", f(5.0)),
        ("-0b101", f(-5.0)),
        ("08", f(8.0)),
        ("09.5", f(9.5)),
        ("0x", s("0x")),
        ("0b", s("0b")),
        ("0xG", s("0xG")),
        ("9223372036854775807", f(9223372036854775807.0)),
        ("18446744073709551615", f(18446744073709551615.0)),
        ("99999999999999999999", f(1e20)),
        ("0x1FFFFFFFFFFFFFFFFF", s("0x1FFFFFFFFFFFFFFFFF")),
        ("'12'", s("12")),
        ("\"0x10\"", s("0x10")),
        // floats
        ("1.5", f(1.5)),
        ("1.10", f(1.1)),
        ("1.0", f(1.0)),
        ("1.", f(1.0)),
        (".5", f(0.5)),
        ("-.5", f(-0.5)),
        ("+.5", f(0.5)),
        ("1e3", f(1000.0)),
        ("1E3", f(1000.0)),
        ("1e+3", f(1000.0)),
        ("6.02e-23", f(6.02e-23)),
        ("1_000.5", f(1000.5)),
        (".5_0", s(".5_0")),
        ("1e400", s("1e400")),
        (".1e400", s(".1e400")),
        ("1e", s("1e")),
        (".", s(".")),
        ("+", s("+")),
        ("[-]", seq(vec![s("-")])),
        ("'1.5'", s("1.5")),
        // sexagesimal is not supported by go-yaml v2
        ("190:20:30", s("190:20:30")),
        // timestamps stay strings
        ("2001-12-14", s("2001-12-14")),
        (
            "2001-12-14t21:59:43.10-05:00",
            s("2001-12-14t21:59:43.10-05:00"),
        ),
        // plain strings
        ("hello world", s("hello world")),
        ("a:b", s("a:b")),
        ("{a: b}", map(&[("a", s("b"))])),
        ("<<", s("<<")),
        ("=", s("=")),
        ("1.2.3", s("1.2.3")),
        ("v1.2", s("v1.2")),
        ("0.0.0.0", s("0.0.0.0")),
        ("'it''s'", s("it's")),
        ("\"a\\tb\\u00e9\\x41\"", s("a\tb\u{e9}A")),
        ("\"\\U0001F600\"", s("\u{1F600}")),
        // tags
        ("!!str 123", s("123")),
        ("!!str true", s("true")),
        ("!!str", s("")),
        ("!!int \"12\"", f(12.0)),
        ("!!float 1", f(1.0)),
        ("!!float \"1.5\"", f(1.5)),
        ("!!bool \"yes\"", b(true)),
        ("!!null \"\"", N),
        ("!!null ~", N),
        ("!!timestamp 2001-12-14", s("2001-12-14")),
        ("!!binary aGVsbG8=", s("hello")),
        ("!custom 12", s("12")),
        ("! 12", s("12")),
        ("!!map {a: 1}", map(&[("a", f(1.0))])),
        ("!!str [1]", seq(vec![f(1.0)])),
        // collections
        ("[]", seq(vec![])),
        ("{}", map(&[])),
        (
            "[1, a, 'b', ~, [x]]",
            seq(vec![f(1.0), s("a"), s("b"), N, seq(vec![s("x")])]),
        ),
        (
            "{a: 1, b: [2]}",
            map(&[("a", f(1.0)), ("b", seq(vec![f(2.0)]))]),
        ),
        ("[a:b]", seq(vec![s("a:b")])),
    ];
    for (text, want) in cases {
        assert_eq!(&val(text), want, "v: {text}");
    }
}

#[test]
fn block_scalars() {
    assert_eq!(val("|\n  a\n  b\n"), s("a\nb\n"));
    assert_eq!(val("|-\n  a\n  b\n"), s("a\nb"));
    assert_eq!(val(">\n  a\n  b\n\n  c\n"), s("a b\nc\n"));
    assert_eq!(val("|\n  123\n"), s("123\n"));
    assert_eq!(val("\"multi\n  line\""), s("multi line"));
    assert_eq!(val("plain\n  continued"), s("plain continued"));
}

#[test]
fn tag_errors_like_go_yaml() {
    assert!(err("v: !!int abc\n").contains("cannot decode !!str `abc` as a !!int"));
    assert!(err("v: !!int 1.5\n").contains("cannot decode !!float `1.5` as a !!int"));
    assert!(err("v: !!bool 1\n").contains("cannot decode !!int `1` as a !!bool"));
    assert!(err("v: !!timestamp foo\n").contains("cannot decode !!str `foo` as a !!timestamp"));
    assert!(err("v: !!binary '!!'\n").contains("invalid base64"));
}

#[test]
fn keys_become_strings_like_sigs_yaml() {
    let v = load("1: a\ntrue: b\n1.5: c\non: d\n0x10: e\n3.141592653589793: pi\n1e7: big\nno: f\n")
        .value;
    assert_eq!(
        v,
        map(&[
            ("1", s("a")),
            ("true", s("d")),
            ("1.5", s("c")),
            ("16", s("e")),
            ("3.1415927", s("pi")),
            ("1e+07", s("big")),
            ("false", s("f")),
        ])
    );
    assert!(err("~: a\n").contains("unsupported map key of type: %!s(<nil>)"));
    assert!(err("18446744073709551615: a\n").contains("unsupported map key of type: uint64"));
    assert!(err("? [a]\n: b\n").contains("invalid map key"));
    assert!(err("{a: 1}: b\n").contains("invalid map key"));
}

#[test]
fn nan_and_infinity_are_refused_like_json_marshal() {
    assert!(err("a: .inf\n").contains("json: unsupported value: +Inf"));
    assert!(err("a: -.Inf\n").contains("json: unsupported value: -Inf"));
    assert!(err("a: [.nan]\n").contains("json: unsupported value: NaN"));
    // Both are reported.
    assert_eq!(err("a: .inf\nb: .nan\n").lines().count(), 2);
    // As keys they are fine.
    assert_eq!(load(".inf: x\n").value, map(&[(".inf", s("x"))]));
    assert_eq!(val("'.inf'"), s(".inf"));
}

#[test]
fn top_level() {
    assert_eq!(load("").value, map(&[]));
    assert_eq!(load("# only a comment\n").value, map(&[]));
    assert_eq!(load("~\n").value, map(&[]));
    assert_eq!(load("---\n").value, map(&[]));
    assert!(
        err("- a\n")
            .contains("cannot unmarshal array into Go value of type map[string]interface {}")
    );
    assert!(err("hello\n").contains("cannot unmarshal string"));
    assert!(err("12\n").contains("cannot unmarshal number"));
    assert!(err("true\n").contains("cannot unmarshal bool"));
}

#[test]
fn duplicate_keys_last_wins_with_warning() {
    let l = load("a: 1\nb: 2\na: 3\n");
    assert_eq!(l.value, map(&[("a", f(3.0)), ("b", f(2.0))]));
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert_eq!(
        l.warnings[0].to_string(),
        "values.yaml:3:1: a: duplicate key \"a\": Helm keeps the last one (the first was at line 1)"
    );
    // Different YAML keys with the same JSON key.
    let l = load("1: a\n'1': b\n");
    assert_eq!(l.value, map(&[("1", s("b"))]));
    assert!(l.warnings.iter().any(|w| w.message.contains("at random")));
    // Nested duplicate maps: the last wins wholesale, no deep merge.
    let l = load("a: {x: 1}\na: {z: 2}\n");
    assert_eq!(l.value, map(&[("a", map(&[("z", f(2.0))]))]));
    // `y` is a YAML 1.1 boolean, also as a key.
    assert_eq!(load("y: 2\n").value, map(&[("true", f(2.0))]));
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let v = load("base: &b {x: 1, z: 2}\ncopy: *b\nlist: [&s str, *s]\n").value;
    assert_eq!(
        v.as_map().unwrap()["copy"],
        map(&[("x", f(1.0)), ("z", f(2.0))])
    );
    assert_eq!(v.as_map().unwrap()["list"], seq(vec![s("str"), s("str")]));

    // Merge key: keys after `<<` win, keys before it lose (go-yaml v2).
    let l = load("base: &b {x: 1, p: 2}\nm:\n  p: 9\n  <<: *b\n  z: 3\n  x: 7\n");
    assert_eq!(
        l.value.as_map().unwrap()["m"],
        map(&[("x", f(7.0)), ("p", f(2.0)), ("z", f(3.0))])
    );
    assert!(
        l.warnings
            .iter()
            .any(|w| w.message.contains("overrides \"p\"")),
        "{:?}",
        l.warnings
    );
    // A list of maps: earlier maps win.
    let v = load("a: &a {k: a, x: 1}\nb: &b {k: b, z: 2}\nm:\n  <<: [*a, *b]\n  w: 3\n").value;
    assert_eq!(
        v.as_map().unwrap()["m"],
        map(&[("k", s("a")), ("x", f(1.0)), ("z", f(2.0)), ("w", f(3.0))])
    );
    // Inline map as merge value; quoted "<<" is an ordinary key.
    assert_eq!(
        val("{<<: {a: 1}, b: 2}"),
        map(&[("a", f(1.0)), ("b", f(2.0))])
    );
    assert_eq!(val("{'<<': {a: 1}}"), map(&[("<<", map(&[("a", f(1.0))]))]));
    assert_eq!(val("{!!merge <<: {a: 1}}"), map(&[("a", f(1.0))]));
    // Merged keys are located where they were written.
    let l = load("base: &b\n  x: 1\nm:\n  <<: *b\n  k: 2\n");
    let x = l
        .locations
        .get(&ValuesPath::root().key("m").key("x"))
        .unwrap();
    assert_eq!((x.line, x.column), (2, 6));
    // Errors.
    assert!(err("a: &a 1\nb:\n  <<: *a\n").contains("map merge requires map or sequence of maps"));
    assert!(err("b:\n  <<: [1]\n").contains("map merge requires map or sequence of maps"));
    assert!(err("b:\n  <<:\n").contains("map merge requires map or sequence of maps"));
    assert!(err("a: *nope\n").contains("unknown anchor 'nope' referenced"));
    assert!(err("a: &a [*a]\n").contains("anchor 'a' value contains itself"));
    // Redefined anchors: an alias refers to the latest definition.
    let v = load("a: &x 1\nb: &x 2\nc: *x\n").value;
    assert_eq!(v.as_map().unwrap()["c"], f(2.0));
    // Alias as a key.
    let v = load("k: &k name\n*k : v\n").value;
    assert_eq!(v.as_map().unwrap()["name"], s("v"));
}

#[test]
fn locations_are_recorded() {
    let l = load("image:\n  repository: nginx\n  tag: \"1.25\"\nports:\n  - 80\n  - name: http\n");
    let at = |p: &ValuesPath| l.locations.get(p).map(|l| (l.line, l.column));
    let root = ValuesPath::root();
    assert_eq!(at(&root.key("image")), Some((2, 3)));
    assert_eq!(at(&root.key("image").key("tag")), Some((3, 8)));
    assert_eq!(at(&root.key("ports").index(0)), Some((5, 5)));
    assert_eq!(at(&root.key("ports").index(1).key("name")), Some((6, 11)));
    assert_eq!(
        l.locations
            .get(&root.key("image").key("tag"))
            .unwrap()
            .to_string(),
        "values.yaml:3:8"
    );
    // Aliased content points at the alias, and inside it at the anchor.
    let l = load("a: &a\n  x: 1\nb: *a\n");
    let at = |p: &ValuesPath| l.locations.get(p).map(|l| (l.line, l.column));
    assert_eq!(at(&root.key("b")), Some((3, 4)));
    assert_eq!(at(&root.key("b").key("x")), Some((2, 6)));
}

#[test]
fn syntax_errors_have_locations() {
    let e = err("a: 1\nb: [1, 2\nc: 3\n");
    assert!(e.starts_with("values.yaml:"), "{e}");
    let e = err("a: b: c\n");
    assert!(
        e.contains("mapping values are not allowed in this context"),
        "{e}"
    );
    assert!(e.starts_with("values.yaml:1:5"), "{e}");
    let e = err("a:\n\t- b\n");
    assert!(
        e.contains("found character that cannot start any token"),
        "{e}"
    );
    let e = err("a: \"\\uD800\"\n");
    assert!(e.contains("invalid Unicode character escape code"), "{e}");
    let e = err("a: \"abc\\");
    assert!(e.contains("yaml:"), "{e}");
    // A tag directly followed by `,` in a flow collection (libyaml-safer
    // panics here; go-yaml v2 reports an error).
    let e = err("a: [!!str,b]\n");
    assert!(
        e.contains("did not find expected whitespace or line break"),
        "{e}"
    );
    let e = err("a: \u{1}\n");
    assert!(e.contains("control characters are not allowed"), "{e}");
}

#[test]
fn flow_plain_scalars_end_like_go_yaml_v2() {
    // go-yaml v2 ends a plain scalar at `?` in flow context (libyaml 0.2.5
    // does not), so a URL with a query in a flow map fails in Helm.
    assert!(err("v: [a?b]\n").contains("did not find expected ',' or ']'"));
    assert!(err("v: {url: http://x?y=1}\n").contains("yaml:"));
    assert_eq!(val("http://x?y=1"), s("http://x?y=1"));
    assert_eq!(val("[a:]"), seq(vec![s("a:")]));
}

#[test]
fn multi_document_files_helm4_and_helm3() {
    let text = "a: 1\nm: {x: 1}\n---\nb: 2\nm: {z: 2}\n--- # comment\n---\nc: null\n";
    assert_eq!(
        load(text).value,
        map(&[
            ("a", f(1.0)),
            ("b", f(2.0)),
            ("c", N),
            ("m", map(&[("x", f(1.0)), ("z", f(2.0))]))
        ])
    );
    let l = parse_values_as("values.yaml", text, HelmVersion::V3).unwrap();
    assert_eq!(l.value, map(&[("a", f(1.0)), ("m", map(&[("x", f(1.0))]))]));
    assert!(
        l.warnings
            .iter()
            .any(|w| w.message.contains("more than one YAML document"))
    );
    // Locations of later documents use the file's line numbers.
    let l = load(text);
    let loc = l.locations.get(&ValuesPath::root().key("b")).unwrap();
    assert_eq!((loc.line, loc.column), (4, 4));
    // Helm 4 refuses content on a separator line.
    assert!(err("a: 1\n--- b: 2\n").contains("invalid Yaml document separator: b: 2"));
    assert!(err("a: 1\n---x\n").contains("invalid Yaml document separator: x"));
    // A document that is not a map fails; an empty one is skipped.
    assert!(err("a: 1\n---\n- x\n").contains("cannot unmarshal array"));
    assert_eq!(load("---\n---\na: 1\n---\n").value, map(&[("a", f(1.0))]));
    // CRLF line ends.
    assert_eq!(
        load("a: 1\r\n---\r\nb: x\r\n").value,
        map(&[("a", f(1.0)), ("b", s("x"))])
    );
    // Content after an explicit `...` end in the same document is ignored.
    assert_eq!(load("a: 1\n...\nb: 2\n").value, map(&[("a", f(1.0))]));
    // Errors in several documents are all reported.
    assert_eq!(err("a: [\n---\nb: {\n").lines().count(), 2);
}

#[test]
fn number_warnings() {
    let l = load(
        "version: 1.10\nport: 8080\nbig: 12345678\nmode: 0777\nhuge: 9007199254740993\nok: 1.5\nflag: yes\n",
    );
    let msgs: Vec<String> = l.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("version: `1.10` is read as the number 1.1")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("big: `12345678` is read as the number 1.2345678e+07"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("mode: `0777` is read as the number 511"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("huge:") && m.contains("loses precision"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("flag: the value `yes` is read as the boolean true"))
    );
    assert!(
        !msgs
            .iter()
            .any(|m| m.contains("port:") || m.contains("ok:"))
    );
    assert_eq!(msgs.len(), 5, "{msgs:?}");
}

#[test]
fn deep_nesting_is_refused_without_crashing() {
    for text in [
        "a: ".to_string() + &"[".repeat(200_000),
        "a: ".to_string() + &"{".repeat(200_000),
        "a: ".to_string() + &"{a: ".repeat(200_000),
        "a:\n".to_string() + &"- ".repeat(200_000),
        (0..1500)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>(),
    ] {
        let e = err(&text);
        assert!(
            e.contains("nested") || e.contains("max depth"),
            "{}",
            &e[..e.len().min(200)]
        );
    }
    // Up to the limit is fine.
    let ok = "a: ".to_string() + &"[".repeat(900) + &"]".repeat(900);
    load(&ok);
    // Aliases cannot push nesting past the limit either.
    let deep = "[".repeat(600) + &"]".repeat(600);
    let text = format!(
        "a: &a {deep}\nb: {}*a{}\n",
        "[".repeat(600),
        "]".repeat(600)
    );
    assert!(err(&text).contains("nested"));
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut text = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let start = std::time::Instant::now();
    let e = err(&text);
    assert!(e.contains("excessive aliasing"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    // Moderate reuse is fine.
    load("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\n");
}

#[test]
fn hostile_inputs_never_panic() {
    // A small deterministic fuzz over YAML's special characters.
    let alphabet: &[&str] = &[
        "a",
        "1",
        ":",
        " ",
        "\n",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "?",
        "!",
        "!!str",
        "&x",
        "*x",
        "'",
        "\"",
        "\\",
        "#",
        "|",
        ">",
        "<<",
        "%YAML 1.1",
        "---",
        "...",
        "\t",
        "\r",
        "é",
        "\\u",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..4000 {
        let mut text = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 24) as usize;
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let _ = parse_values("fuzz.yaml", &text);
        let _ = parse_values_as("fuzz.yaml", &text, HelmVersion::V3);
    }
}

#[test]
fn go_number_parsing() {
    assert_eq!(go_parse_int("0", 0), Some(0));
    assert_eq!(go_parse_int("-9223372036854775808", 0), Some(i64::MIN));
    assert_eq!(go_parse_int("9223372036854775808", 0), None);
    assert_eq!(go_parse_uint("9223372036854775808", 0), Some(1 << 63));
    assert_eq!(go_parse_int("0x", 0), None);
    assert_eq!(go_parse_int("+0x10", 0), Some(16));
    assert_eq!(go_parse_uint("+1", 0), None);
    assert!(is_yaml_style_float("1."));
    assert!(is_yaml_style_float("-.5e+3"));
    assert!(!is_yaml_style_float("1e"));
    assert!(!is_yaml_style_float("."));
    assert!(is_timestamp("2001-1-2"));
    assert!(is_timestamp("2001-12-14 21:59:43.10"));
    assert!(is_timestamp("2001-12-14T21:59:43Z"));
    assert!(!is_timestamp("2001-02-30"));
    assert!(!is_timestamp("2001-12-14 21:59:43Z"));
    use crate::go::base64::decode_string;
    assert_eq!(decode_string("aGk="), Some(b"hi".to_vec()));
    assert_eq!(decode_string("aG\nk="), Some(b"hi".to_vec()));
    assert_eq!(decode_string("aGk"), None);
    assert_eq!(
        decode_string("aGl="),
        Some(b"hi".to_vec()),
        "Go's StdEncoding is not Strict"
    );
    assert_eq!(decode_string("A==="), None);
    assert_eq!(decode_string("aGk=aGk="), None);
    assert_eq!(
        go_bytes_to_string(&[b'a', 0xff, 0xe2, 0x82]),
        "a\u{fffd}\u{fffd}\u{fffd}"
    );
}

/// Inputs that `cargo fuzz` (fuzz/, scripts/fuzz.sh) found to crash the loader.
#[test]
fn fuzz_regressions() {
    // values_loader: a control character after a byte order mark. The reader
    // error's offset counts from after the mark; the loader sliced the text
    // with the mark at that offset and panicked inside it. Helm 3 and 4:
    // `yaml: control characters are not allowed`.
    let e = err("\u{feff}\"\u{0}nlu\"\n :\u{feff}b \n");
    assert!(e.contains("control characters are not allowed"), "{e}");
    assert!(e.starts_with("values.yaml:1:2:"), "{e}");
    let e = err("\u{feff}é\u{1}");
    assert!(e.starts_with("values.yaml:1:2:"), "{e}");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_like_go_yaml() {
    let e = |bytes: &[u8]| match parse_values_bytes("v.yaml", bytes, HelmVersion::V4) {
        Ok(v) => panic!("{bytes:?}: expected an error, got {:?}", v.value),
        Err(e) => join(&e),
    };
    // What Helm 3 and 4 print, after `error converting YAML to JSON: `.
    assert_eq!(
        e(b"image:\n  tag: \"1.0\xff\xfe\"\n"),
        "v.yaml:2:12: yaml: invalid leading UTF-8 octet (the file is not UTF-8)"
    );
    assert!(
        e(b"a: b\nc: \"\xc3\"\n").starts_with("v.yaml:2:5: yaml: invalid trailing UTF-8 octet")
    );
    assert!(e(b"a: \xe2\x82").contains("yaml: incomplete UTF-8 octet sequence"));
    assert!(e(b"a: \xed\xa0\x80\n").contains("yaml: invalid Unicode character"));
    assert!(e(b"a: \xf4\x90\x80\x80\n").contains("yaml: invalid Unicode character"));
    // UTF-8 is read as text, exactly like `parse_values_as`.
    let text = "a: é\n";
    assert_eq!(
        parse_values_bytes("v.yaml", text.as_bytes(), HelmVersion::V3),
        parse_values_as("v.yaml", text, HelmVersion::V3)
    );
    // UTF-16 with a byte order mark: Helm 3 reads it, Helm 4 cannot.
    let utf16: Vec<u8> = "\u{feff}replicaCount: 3\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let v3 = parse_values_bytes("v.yaml", &utf16, HelmVersion::V3).unwrap();
    assert_eq!(v3.value, map(&[("replicaCount", f(3.0))]));
    let be: Vec<u8> = "\u{feff}a: b\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    assert_eq!(
        parse_values_bytes("v.yaml", &be, HelmVersion::V3)
            .unwrap()
            .value,
        map(&[("a", s("b"))])
    );
    assert!(e(&utf16).contains("is UTF-16"));
    let mut odd = utf16.clone();
    odd.push(b'x');
    assert!(
        join(&parse_values_bytes("v.yaml", &odd, HelmVersion::V3).unwrap_err())
            .contains("invalid UTF-16")
    );
}

#[test]
fn values_over_the_size_limit_are_refused_before_reading() {
    let big = format!("a: \"{}\"\n", "x".repeat(MAX_VALUES_BYTES));
    let start = std::time::Instant::now();
    let e = err(&big);
    assert!(
        e.starts_with("values.yaml is 4.0 MiB (4194310 bytes); values over 4.0 MiB are refused"),
        "{e}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert!(
        join(&parse_values_bytes("v.yaml", big.as_bytes(), HelmVersion::V3).unwrap_err())
            .starts_with("v.yaml is 4.0 MiB")
    );
    // Just under it is read.
    load(&format!("a: \"{}\"\n", "x".repeat(MAX_VALUES_BYTES - 16)));
}

#[test]
fn nesting_errors_name_a_short_path() {
    let e = err(&format!("affinity: {}\n", "[".repeat(5000)));
    assert!(
        e.starts_with(
            "values.yaml:1:1010: affinity[0][0][0][0][0][0][0]: values nested more than 1000 \
             levels deep are not supported"
        ),
        "{e}"
    );
}
