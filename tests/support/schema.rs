//! The committed JSON Schema for OWNERS.toml, compiled once per test and
//! applied to TOML text the way an editor applies it.

use std::path::Path;

use serde_json::Value;
use teamlint_core::config::schema;

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    /// The committed schema, as an editor would fetch it.
    pub fn load() -> Schema {
        let text = std::fs::read_to_string(manifest_dir().join(schema::PATH)).unwrap();
        let json: Value = serde_json::from_str(&text).expect("the schema is JSON");
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(schema::URL, json).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(schema::URL, &mut schemas)
            .unwrap_or_else(|e| panic!("compile the schema: {e:#}"));
        Schema { schemas, index }
    }

    pub fn check(&self, toml_text: &str) -> Result<(), String> {
        let doc = to_json(toml_text)?;
        self.schemas
            .validate(&doc, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

/// TOML as an editor hands it to a JSON Schema: dates become strings.
fn to_json(toml_text: &str) -> Result<Value, String> {
    fn convert(v: toml::Value) -> Value {
        match v {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => Value::from(f),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(a) => Value::Array(a.into_iter().map(convert).collect()),
            toml::Value::Table(t) => {
                Value::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
        }
    }
    let table: toml::Table = toml_text.parse().map_err(|e| format!("not TOML: {e}"))?;
    Ok(convert(toml::Value::Table(table)))
}
