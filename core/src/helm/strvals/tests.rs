//! Most cases are ported from Helm's `pkg/strvals/parser_test.go`
//! (Helm compares through YAML, so `1` and `1.0` are the same there; the
//! expectations here are written as JSON and `Int` is compared as a number).

use super::*;
use crate::test_json::json;

/// `Int` as `Float`, so results compare with JSON-written expectations.
fn norm(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Float(*i as f64),
        Value::Seq(items) => Value::Seq(items.iter().map(norm).collect()),
        Value::Map(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), norm(v))).collect()),
        other => other.clone(),
    }
}

fn run(expr: &str, mode: SetMode<'_>, version: HelmVersion) -> Result<Value, String> {
    let mut v = Value::empty_map();
    parse_set_as(expr, &mut v, mode, version)
        .map(|_| v)
        .map_err(|e| e.message)
}

fn check(mode: SetMode<'_>, cases: &[(&str, Option<&str>)]) {
    for (expr, want) in cases {
        let got = run(expr, mode, HelmVersion::V4);
        match (want, got) {
            (Some(want), Ok(got)) => assert_eq!(norm(&got), json(want), "{expr}"),
            (None, Err(_)) => {}
            (Some(_), Err(e)) => panic!("{expr}: unexpected error {e}"),
            (None, Ok(got)) => panic!("{expr}: expected an error, got {got:?}"),
        }
    }
}

#[test]
fn parse_set_helm_cases() {
    check(
        SetMode::Set,
        &[
            (
                "name1=null,f=false,t=true",
                Some(r#"{"name1":null,"f":false,"t":true}"#),
            ),
            ("name1=value1", Some(r#"{"name1":"value1"}"#)),
            (
                "name1=value1,name2=value2",
                Some(r#"{"name1":"value1","name2":"value2"}"#),
            ),
            (
                "name1=value1,name2=value2,",
                Some(r#"{"name1":"value1","name2":"value2"}"#),
            ),
            ("name1=value1,,,,name2=value2,", None),
            (
                "name1=,name2=value2",
                Some(r#"{"name1":"","name2":"value2"}"#),
            ),
            ("leading_zeros=00009", Some(r#"{"leading_zeros":"00009"}"#)),
            ("zero_int=0", Some(r#"{"zero_int":0}"#)),
            ("long_int=1234567890", Some(r#"{"long_int":1234567890}"#)),
            ("boolean=true", Some(r#"{"boolean":true}"#)),
            ("is_null=null", Some(r#"{"is_null":null}"#)),
            ("name1,name2=", None),
            ("name1,name2=value2", None),
            ("name1,name2=value2\\", None),
            ("name1,name2", None),
            (
                "name1=one\\,two,name2=three\\,four",
                Some(r#"{"name1":"one,two","name2":"three,four"}"#),
            ),
            (
                "name1=one\\=two,name2=three\\=four",
                Some(r#"{"name1":"one=two","name2":"three=four"}"#),
            ),
            (
                "name1=one two three,name2=three two one",
                Some(r#"{"name1":"one two three","name2":"three two one"}"#),
            ),
            ("outer.inner=value", Some(r#"{"outer":{"inner":"value"}}"#)),
            (
                "outer.middle.inner=value",
                Some(r#"{"outer":{"middle":{"inner":"value"}}}"#),
            ),
            (
                "outer.inner1=value,outer.inner2=value2",
                Some(r#"{"outer":{"inner1":"value","inner2":"value2"}}"#),
            ),
            (
                "outer.inner1=value,outer.middle.inner=value",
                Some(r#"{"outer":{"inner1":"value","middle":{"inner":"value"}}}"#),
            ),
            ("name1.name2", None),
            ("name1.name2,name1.name3", None),
            ("name1.name2=", Some(r#"{"name1":{"name2":""}}"#)),
            ("name1.=name2", None),
            ("name1.,name2", None),
            (
                "name1={value1,value2}",
                Some(r#"{"name1":["value1","value2"]}"#),
            ),
            (
                "name1={value1,value2},name2={value1,value2}",
                Some(r#"{"name1":["value1","value2"],"name2":["value1","value2"]}"#),
            ),
            ("name1={1021,902}", Some(r#"{"name1":[1021,902]}"#)),
            (
                "name1.name2={value1,value2}",
                Some(r#"{"name1":{"name2":["value1","value2"]}}"#),
            ),
            ("name1={1021,902", None),
            ("list[0]=foo", Some(r#"{"list":["foo"]}"#)),
            ("list[0].foo=bar", Some(r#"{"list":[{"foo":"bar"}]}"#)),
            (
                "list[0].foo=bar,list[0].hello=world",
                Some(r#"{"list":[{"foo":"bar","hello":"world"}]}"#),
            ),
            ("list[0].foo=bar,list[-30].hello=world", None),
            ("list[0]=foo,list[1]=bar", Some(r#"{"list":["foo","bar"]}"#)),
            (
                "list[0]=foo,list[1]=bar,",
                Some(r#"{"list":["foo","bar"]}"#),
            ),
            (
                "list[0]=foo,list[3]=bar",
                Some(r#"{"list":["foo",null,null,"bar"]}"#),
            ),
            ("list[0]=foo,list[-20]=bar", None),
            ("illegal[0]name.foo=bar", None),
            ("noval[0]", Some(r#"{"noval":[]}"#)),
            ("noval[0]=", Some(r#"{"noval":[""]}"#)),
            ("nested[0][0]=1", Some(r#"{"nested":[[1]]}"#)),
            ("nested[1][1]=1", Some(r#"{"nested":[null,[null,1]]}"#)),
            (
                "name1.name2[0].foo=bar,name1.name2[1].foo=bar",
                Some(r#"{"name1":{"name2":[{"foo":"bar"},{"foo":"bar"}]}}"#),
            ),
            (
                "name1.name2[1].foo=bar,name1.name2[0].foo=bar",
                Some(r#"{"name1":{"name2":[{"foo":"bar"},{"foo":"bar"}]}}"#),
            ),
            (
                "name1.name2[1].foo=bar",
                Some(r#"{"name1":{"name2":[null,{"foo":"bar"}]}}"#),
            ),
            ("]={}].", None),
            // Beyond Helm's test file.
            ("a={}", Some(r#"{"a":[""]}"#)),
            ("a={x}b=1", Some(r#"{"a":["x"],"b":1}"#)),
            ("a=x\\", Some(r#"{"a":"x"}"#)),
            (
                "a=TRUE,b=False,c=NuLl",
                Some(r#"{"a":true,"b":false,"c":null}"#),
            ),
            (
                "a=+5,b=-012,c=-0,d=0x10,e=1e3,f=1.5",
                Some(r#"{"a":5,"b":-12,"c":0,"d":"0x10","e":"1e3","f":"1.5"}"#),
            ),
            (
                "a=9223372036854775808",
                Some(r#"{"a":"9223372036854775808"}"#),
            ),
            ("a\\.b=c", Some(r#"{"a.b":"c"}"#)),
            ("a\\[0]=c", Some(r#"{"a[0]":"c"}"#)),
            (".a=1", Some(r#"{}"#)),
            ("a[65537]=x", None),
            ("a[x]=1", None),
            ("a=b=c", Some(r#"{"a":"b=c"}"#)),
            ("a= spaced ", Some(r#"{"a":" spaced "}"#)),
        ],
    );
    let v = run("a[65536]=x", SetMode::Set, HelmVersion::V4).unwrap();
    assert_eq!(v.as_map().unwrap()["a"], {
        let mut l = vec![Value::Null; 65537];
        l[65536] = Value::String("x".into());
        Value::Seq(l)
    });
}

#[test]
fn typed_values_are_int64() {
    let v = run("a=3,b=-7,c=0", SetMode::Set, HelmVersion::V4).unwrap();
    let m = v.as_map().unwrap();
    assert_eq!(m["a"], Value::Int(3));
    assert_eq!(m["b"], Value::Int(-7));
    assert_eq!(m["c"], Value::Int(0));
    let v = run("a=falſe", SetMode::Set, HelmVersion::V4).unwrap();
    assert_eq!(v.as_map().unwrap()["a"], Value::Bool(false));
}

#[test]
fn set_string_cases() {
    check(
        SetMode::SetString,
        &[
            (
                "long_int_string=1234567890",
                Some(r#"{"long_int_string":"1234567890"}"#),
            ),
            ("boolean=true", Some(r#"{"boolean":"true"}"#)),
            ("is_null=null", Some(r#"{"is_null":"null"}"#)),
            ("zero=0", Some(r#"{"zero":"0"}"#)),
            ("a={1,true}", Some(r#"{"a":["1","true"]}"#)),
        ],
    );
    let mut got = json(r#"{"outer":{"inner1":"overwrite","inner2":"value2"}}"#);
    parse_set(
        "outer.inner1=1,outer.inner3=3",
        &mut got,
        SetMode::SetString,
    )
    .unwrap();
    assert_eq!(
        got,
        json(r#"{"outer":{"inner1":"1","inner2":"value2","inner3":"3"}}"#)
    );
}

#[test]
fn parse_into_existing_values() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            r#"{"outer":{"inner1":"overwrite","inner2":"value2"}}"#,
            "outer.inner1=value1,outer.inner3=value3,outer.inner4=4",
            "",
            r#"{"outer":{"inner1":"value1","inner2":"value2","inner3":"value3","inner4":4}}"#,
        ),
        (
            "{}",
            "listOuter[0][0].type=listValue",
            "listOuter[0][0].status=alive",
            r#"{"listOuter":[[{"type":"listValue","status":"alive"}]]}"#,
        ),
        (
            "{}",
            "listOuter[0][0].type=listValue",
            "listOuter[1][0].status=alive",
            r#"{"listOuter":[[{"type":"listValue"}],[{"status":"alive"}]]}"#,
        ),
        (
            r#"{"listOuter":[[[{"exited":"old"}]]]}"#,
            "listOuter[0][1][0].type=listValue",
            "listOuter[0][0][1].status=alive",
            r#"{"listOuter":[[[{"exited":"old"},{"status":"alive"}],[{"type":"listValue"}]]]}"#,
        ),
    ];
    for (start, a, b, want) in cases {
        let mut got = json(start);
        parse_set(a, &mut got, SetMode::Set).unwrap();
        if !b.is_empty() {
            parse_set(b, &mut got, SetMode::Set).unwrap();
        }
        assert_eq!(norm(&got), json(want), "{a} / {b}");
    }
}

#[test]
fn parse_json_cases() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            r#"{"outer":{"inner1":"overwrite","inner2":"value2"}}"#,
            r#"outer.inner1="1",outer.inner3=3,outer.inner4=true,outer.inner5="true""#,
            Some(
                r#"{"outer":{"inner1":"1","inner2":"value2","inner3":3,"inner4":true,"inner5":"true"}}"#,
            ),
        ),
        (
            r#"{"outer":{"inner1":{"x":"overwrite"},"inner2":"value2","inner3":["overwrite"]}}"#,
            r#"outer.inner1={"a":"1","b":2,"c":[1,2,3]},outer.inner3=["new value 1","new value 2"],outer.inner4={"aa":"1","bb":2,"cc":[1,2,3]},outer.inner5=[{"A":"1","B":2,"C":[1,2,3]}]"#,
            Some(
                r#"{"outer":{"inner1":{"a":"1","b":2,"c":[1,2,3]},"inner2":"value2","inner3":["new value 1","new value 2"],"inner4":{"aa":"1","bb":2,"cc":[1,2,3]},"inner5":[{"A":"1","B":2,"C":[1,2,3]}]}}"#,
            ),
        ),
        (
            r#"{"outer":{"inner1":{"x":"overwrite"},"inner2":"value2"}}"#,
            r#"outer.inner1=,outer.inner3={"aa":"1","bb":2,"cc":[1,2,3]},outer.inner3.cc[1]=null"#,
            Some(
                r#"{"outer":{"inner1":null,"inner2":"value2","inner3":{"aa":"1","bb":2,"cc":[1,null,3]}}}"#,
            ),
        ),
        (
            "{}",
            r#"outer.inner1={"a":"1","b":2,"c":[1,2,3]},outer.inner3=["new value 1","new value 2"],outer.inner4={"aa":"1","bb":2,"cc":[1,2,3]},outer.inner5={"A":"1","B":2,"C":[1,2,3]}]"#,
            None,
        ),
        // Go's decoder stops after one value; the rest is read as more keys.
        ("{}", "a=1b=2", Some(r#"{"a":1,"b":2}"#)),
        // (the blank after the comma belongs to the next key, as in Helm)
        ("{}", "a=  \"x\" , b=[]", Some(r#"{"a":"x"," b":[]}"#)),
        ("{}", r#"a="\ud83d\ude00\ud800""#, Some(r#"{"a":"😀�"}"#)),
        ("{}", "a=tru", None),
        ("{}", "a=1e400", None),
    ];
    for (start, expr, want) in cases {
        let mut got = json(start);
        let r = parse_set(expr, &mut got, SetMode::SetJson);
        match want {
            Some(w) => {
                r.unwrap_or_else(|e| panic!("{expr}: {e}"));
                assert_eq!(got, json(w), "{expr}");
            }
            None => assert!(r.is_err(), "{expr}: {got:?}"),
        }
    }
    // JSON numbers are float64.
    let v = run("a=3", SetMode::SetJson, HelmVersion::V4).unwrap();
    assert_eq!(v.as_map().unwrap()["a"], Value::Float(3.0));
}

#[test]
fn parse_file_and_literal() {
    let read = |p: &str| -> Result<String, String> {
        match p {
            "path1" => Ok("value1".to_string()),
            "p2" => Ok("a,b=c".to_string()),
            _ => Err(format!("open {p}: no such file or directory")),
        }
    };
    let v = run("name1=path1", SetMode::SetFile(&read), HelmVersion::V4).unwrap();
    assert_eq!(v, json(r#"{"name1":"value1"}"#));
    let v = run("a={path1,p2}", SetMode::SetFile(&read), HelmVersion::V4).unwrap();
    assert_eq!(v, json(r#"{"a":["value1","a,b=c"]}"#));
    let e = run("x=missing", SetMode::SetFile(&read), HelmVersion::V4).unwrap_err();
    assert_eq!(e, "open missing: no such file or directory");
    // What a caller reads before it renders: each path once, in order.
    let exprs = ["a={path1,p2}", "b=path1,c=p3", "no-equals", "d=p4"].map(String::from);
    assert_eq!(
        crate::helm::values::set_file_paths(&exprs, HelmVersion::V4),
        ["path1", "p2", "p3", "p4"]
    );

    check(
        SetMode::SetLiteral,
        &[
            ("name=a,b=c\\d{e}", Some(r#"{"name":"a,b=c\\d{e}"}"#)),
            ("a.b[1].c=x=y", Some(r#"{"a":{"b":[null,{"c":"x=y"}]}}"#)),
            ("a=", Some(r#"{"a":""}"#)),
            ("a=true", Some(r#"{"a":"true"}"#)),
            ("novalue", None),
            ("a[-1]=x", None),
        ],
    );
}

#[test]
fn error_messages_match_helm() {
    let e = |expr: &str, existing: &str| {
        let mut v = json(existing);
        parse_set(expr, &mut v, SetMode::Set).unwrap_err().message
    };
    assert_eq!(
        e("name1,name2", "{}"),
        "key \"name1\" has no value (cannot end with ,)"
    );
    assert_eq!(e("name1.name2", "{}"), "key \"name2\" has no value");
    assert_eq!(e("name1.=x", "{}"), "key map \"name1\" has no value");
    assert_eq!(e("name1={a,b", "{}"), "list must terminate with '}'");
    assert_eq!(e("a[-1]=x", "{}"), "negative -1 index not allowed");
    assert_eq!(
        e("a[70000]=x", "{}"),
        "index of 70000 is greater than maximum supported index of 65536"
    );
    assert_eq!(
        e("a[x]=1", "{}"),
        "error parsing index: strconv.Atoi: parsing \"x\": invalid syntax"
    );
    assert_eq!(
        e("a[0]b=1", "{}"),
        "unexpected data at end of array index: ['b']"
    );
    assert_eq!(
        e("image.tag=x", r#"{"image":"nginx"}"#),
        "unable to parse key: interface conversion: interface {} is string, not map[string]interface {}"
    );
    assert_eq!(
        e("a[0]=x", r#"{"a":null}"#),
        "unable to parse key: interface conversion: interface {} is nil, not []interface {}"
    );
    assert_eq!(
        e("a[0][0]=x", r#"{"a":["s"]}"#),
        "unable to parse key: interface conversion: interface {} is string, not []interface {}"
    );
    let deep = (1..=32)
        .map(|i| format!("n{i}"))
        .collect::<Vec<_>>()
        .join(".")
        + "=v";
    assert_eq!(
        e(&deep, "{}"),
        "value name nested level is greater than maximum supported nested level of 30"
    );
    // `--set a=1 --set a.b=2` fails in Helm.
    let mut v = Value::empty_map();
    parse_set("a=1", &mut v, SetMode::Set).unwrap();
    assert!(parse_set("a.b=2", &mut v, SetMode::Set).is_err());
}

#[test]
fn truncated_index_helm3_vs_helm4() {
    // Helm 4 wraps io.EOF with %w and so ends quietly; Helm 3 reports it.
    assert_eq!(
        run("a[1", SetMode::Set, HelmVersion::V4).unwrap(),
        json("{}")
    );
    assert_eq!(
        run("a[1", SetMode::Set, HelmVersion::V3).unwrap_err(),
        "error parsing index: EOF"
    );
}

#[test]
fn deep_paths_do_not_overflow() {
    let expr = "a".to_string() + &"[0]".repeat(200_000) + "=x";
    assert!(run(&expr, SetMode::Set, HelmVersion::V4).is_err());
    let expr = "a".to_string() + &"[0].b".repeat(100_000) + "=x";
    assert!(run(&expr, SetMode::Set, HelmVersion::V4).is_err());
    let expr = "a=".to_string() + &"[".repeat(200_000);
    assert!(run(&expr, SetMode::SetJson, HelmVersion::V4).is_err());
    let expr = "a".to_string() + &"[0]".repeat(150) + "=x";
    assert!(run(&expr, SetMode::Set, HelmVersion::V4).is_ok());
    let expr = "a=".to_string() + &"[".repeat(900) + &"]".repeat(900);
    assert!(run(&expr, SetMode::Set, HelmVersion::V4).is_ok());
}

#[test]
fn assigned_paths_are_reported() {
    let mut v = Value::empty_map();
    let paths = parse_set_as("a.b=1,c[2].d=x", &mut v, SetMode::Set, HelmVersion::V4).unwrap();
    let shown: Vec<String> = paths.iter().map(|(p, c)| format!("{p}@{c}")).collect();
    assert_eq!(shown, ["a.b@1", "c[2].d@7"]);
}
