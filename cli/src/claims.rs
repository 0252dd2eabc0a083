//! Mark fields as an issuer supplies them: a JSON file, flags, CSV columns, merged.

use certmark::{Claims, Date};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::cli::FieldArgs;

/// Fields given so far; later sources override earlier ones field by field.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    pub issuer: Option<String>,
    pub key: Option<u64>,
    pub cert: Option<String>,
    pub holder: Option<String>,
    pub scheme: Option<String>,
    pub scope: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub serial: Option<String>,
    #[serde(default, deserialize_with = "ordered_pairs")]
    pub extra: Vec<(String, String)>,
}

/// A JSON object as (key, value) pairs in document order (the order that gets signed).
fn ordered_pairs<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, String)>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of text values")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(pair) = m.next_entry()? {
                out.push(pair);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Pairs)
}

/// `NAME=VALUE`.
pub fn parse_extra(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("--extra {s:?} must be NAME=VALUE")),
    }
}

impl Partial {
    pub fn from_flags(f: &FieldArgs) -> Result<Partial, String> {
        Ok(Partial {
            issuer: f.issuer.clone(),
            key: f.key_number,
            cert: f.cert.clone(),
            holder: f.holder.clone(),
            scheme: f.scheme.clone(),
            scope: f.scope.clone(),
            valid_from: f.valid_from.clone(),
            valid_to: f.valid_to.clone(),
            serial: f.serial.clone(),
            extra: f
                .extra
                .iter()
                .map(|s| parse_extra(s))
                .collect::<Result<_, _>>()?,
        })
    }

    /// Sets one field by its column name (`extra.NAME` for extras). Empty values are
    /// "not given", so a CSV may leave a cell to the defaults.
    pub fn set(&mut self, column: &str, value: &str) -> Result<(), String> {
        if value.is_empty() {
            return Ok(());
        }
        let v = Some(value.to_owned());
        match column {
            "issuer" => self.issuer = v,
            "key" => {
                self.key = Some(
                    value
                        .parse()
                        .map_err(|_| format!("key {value:?} is not a whole number"))?,
                )
            }
            "cert" => self.cert = v,
            "holder" => self.holder = v,
            "scheme" => self.scheme = v,
            "scope" => self.scope = v,
            "valid_from" => self.valid_from = v,
            "valid_to" => self.valid_to = v,
            "serial" => self.serial = v,
            _ => match column.strip_prefix("extra.") {
                Some(name) if !name.is_empty() => self.put_extra(name.to_owned(), value.to_owned()),
                _ => return Err(format!("unknown column {column:?}")),
            },
        }
        Ok(())
    }

    fn put_extra(&mut self, k: String, v: String) {
        match self.extra.iter_mut().find(|(seen, _)| *seen == k) {
            Some(slot) => slot.1 = v,
            None => self.extra.push((k, v)),
        }
    }

    pub fn overlay(mut self, top: Partial) -> Partial {
        macro_rules! take {
            ($($f:ident),*) => { $( if top.$f.is_some() { self.$f = top.$f; } )* };
        }
        take!(issuer, key, cert, holder, scheme, scope, valid_from, valid_to, serial);
        for (k, v) in top.extra {
            self.put_extra(k, v);
        }
        self
    }

    /// The finished claims, text in NFC (the format's rule). Returns whether any text
    /// had to be normalised, so the caller can say so.
    pub fn finish(self) -> Result<(Claims, bool), String> {
        let mut changed = false;
        let mut nfc = |field: &str, v: Option<String>| -> Result<String, String> {
            let v = v.ok_or_else(|| {
                format!(
                    "missing field {field} (give --{} or a column)",
                    field.replace('_', "-")
                )
            })?;
            Ok(normalise(v, &mut changed))
        };
        let issuer = nfc("issuer", self.issuer)?;
        let cert = nfc("cert", self.cert)?;
        let holder = nfc("holder", self.holder)?;
        let scheme = nfc("scheme", self.scheme)?;
        let scope = nfc("scope", self.scope)?;
        let date = |field: &str, v: Option<String>| -> Result<Date, String> {
            let v = v.ok_or_else(|| {
                format!("missing field {field} (give --{})", field.replace('_', "-"))
            })?;
            v.parse().map_err(|e| format!("{field} {v:?}: {e}"))
        };
        let valid_from = date("valid_from", self.valid_from)?;
        let valid_to = date("valid_to", self.valid_to)?;
        let key = self
            .key
            .ok_or("missing key number (give --key-number, or use a key file that names it)")?;
        let serial = self.serial.map(|s| normalise(s, &mut changed));
        let extra = self
            .extra
            .into_iter()
            .map(|(k, v)| (normalise(k, &mut changed), normalise(v, &mut changed)))
            .collect();
        Ok((
            Claims {
                issuer,
                key,
                cert,
                holder,
                scheme,
                scope,
                valid_from,
                valid_to,
                serial,
                extra,
            },
            changed,
        ))
    }
}

fn normalise(s: String, changed: &mut bool) -> String {
    if unicode_normalization::is_nfc(&s) {
        s
    } else {
        *changed = true;
        s.nfc().collect()
    }
}
