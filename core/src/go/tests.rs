use super::fmt::go_quote_runes;
use super::json::{format_float_json, to_json};
use super::strconv::{format_float_key, format_go_float, go_quote};
use super::template::template_print;
use crate::value::Value;

#[test]
fn floats_encode_like_go_json() {
    for (f, want) in [
        (3.0, "3"),
        (1000000.0, "1000000"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (1e-10, "1e-10"),
        (-0.5, "-0.5"),
    ] {
        assert_eq!(format_float_json(f).as_deref(), Some(want), "{f}");
    }
    assert_eq!(format_float_json(f64::NAN), None);
}

#[test]
fn json_escapes_like_go() {
    let v = Value::String("<a & \"b\">\n\u{1}\u{2028}é".into());
    assert_eq!(
        to_json(&v).as_deref(),
        Some(r#""\u003ca \u0026 \"b\"\u003e\n\u0001\u2028é""#)
    );
}

#[test]
fn whole_floats_print_like_go() {
    for (f, want) in [
        (100000.0, "100000"),
        (999999.0, "999999"),
        (1e6, "1e+06"),
        (-3.0, "-3"),
        (-0.0, "-0"),
        (0.0, "0"),
        (2.5, "2.5"),
    ] {
        let v = Value::Float(f);
        assert_eq!(template_print(&v), want, "{f}");
        assert_eq!(template_print(&v), v.go_string(), "{f}");
    }
}

#[test]
fn values_print_like_go_sprint() {
    let mut map = std::collections::BTreeMap::new();
    map.insert("b".to_string(), Value::Int(1));
    map.insert(
        "a".to_string(),
        Value::Seq(vec![Value::Bool(true), Value::Null]),
    );
    assert_eq!(Value::Map(map).go_string(), "map[a:[true <nil>] b:1]");
    assert_eq!(template_print(&Value::Null), "");
}

#[test]
fn go_float_formatting() {
    let cases: &[(f64, &str)] = &[
        (0.0, "0"),
        (-0.0, "-0"),
        (1.0, "1"),
        (1.1, "1.1"),
        (20.0, "20"),
        (123456.0, "123456"),
        (1e6, "1e+06"),
        (1234567.8, "1.2345678e+06"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1e21, "1e+21"),
        (-2.5e-7, "-2.5e-07"),
        (1e100, "1e+100"),
        (9007199254740993.0, "9.007199254740992e+15"),
        (f64::INFINITY, "+Inf"),
        (f64::NEG_INFINITY, "-Inf"),
        (f64::NAN, "NaN"),
    ];
    for (f, want) in cases {
        assert_eq!(format_go_float(*f), *want, "{f}");
    }
    assert_eq!(format_float_key(std::f64::consts::PI), "3.1415927");
    assert_eq!(format_float_key(0.1), "0.1");
    assert_eq!(format_float_key(1e300), ".inf");
    assert_eq!(format_float_key(1e7), "1e+07");
}

#[test]
fn quote_like_go() {
    assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
    assert_eq!(go_quote_runes("x'"), "['x' '\\'']");
}

#[test]
fn quote_copies_plain_runs_and_escapes_the_rest_per_character() {
    let per_character = |s: &str| {
        let mut out = String::from("\"");
        for c in s.chars() {
            super::strconv::push_go_escaped(&mut out, c, '"');
        }
        out + "\""
    };
    for s in [
        "",
        "plain text",
        "a\"b\\c",
        "tab\there\nnew",
        "\u{7f}\u{85}\u{feff}é✓ and 𝄞",
        "\u{1}x\u{2028}",
        "ends with a quote\"",
    ] {
        assert_eq!(go_quote(s), per_character(s), "{s:?}");
    }
}

#[test]
fn json_strings_copy_plain_runs_and_escape_the_rest() {
    for (s, want) in [
        ("plain ✓ é 𝄞", r#""plain ✓ é 𝄞""#),
        (
            "a<b>&\u{2028}\u{2029}\u{1}\"\\\n",
            r#""a\u003cb\u003e\u0026\u2028\u2029\u0001\"\\\n""#,
        ),
        ("€uro ends in \u{2028}", r#""€uro ends in \u2028""#),
        ("", r#""""#),
    ] {
        assert_eq!(
            to_json(&Value::String(s.into())).as_deref(),
            Some(want),
            "{s:?}"
        );
    }
}
