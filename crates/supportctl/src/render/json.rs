//! JSON: an array of objects keyed by the machine column names; missing values are `null`.

use std::io::{self, Write};

use serde_json::{Map, Number, Value};

use super::{Cell, Table};

/// Writes `table` as a JSON array, one object per row, followed by a newline.
pub fn write(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (i, column) in table.machine_columns() {
                object.insert(column.name.to_string(), value(&row[i]));
            }
            Value::Object(object)
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &Value::Array(rows))?;
    out.write_all(b"\n")
}

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(n) => Value::Number((*n).into()),
        Cell::PValue(p) => {
            let r = (p * 1e6).round() / 1e6;
            Number::from_f64(r).map_or(Value::Null, Value::Number)
        }
        Cell::Seconds(v) | Cell::Percent(v) | Cell::Number(v) | Cell::Fixed(v, _) => {
            let r = (v * 1000.0).round() / 1000.0;
            if r == r.trunc() && r.abs() < 1e15 {
                Value::Number((r as i64).into())
            } else {
                Number::from_f64(r).map_or(Value::Null, Value::Number)
            }
        }
        Cell::Text(t) => Value::String(t.clone()),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Time { local, offset } => Value::String(super::rfc3339(*local, *offset)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Column;

    #[test]
    fn nulls_and_numbers() {
        let table = Table {
            columns: vec![
                Column::new("tickets", "Tickets"),
                Column::new("frt_mean_s", "FRT"),
            ],
            rows: vec![
                vec![Cell::Int(3), Cell::Null],
                vec![Cell::Int(1), Cell::Seconds(33.33333)],
            ],
            ..Table::default()
        };
        let mut out = Vec::new();
        write(&table, &mut out).expect("writes");
        let v: Value = serde_json::from_slice(&out).expect("valid json");
        assert_eq!(v[0]["frt_mean_s"], Value::Null);
        assert_eq!(v[1]["frt_mean_s"], serde_json::json!(33.333));
        assert_eq!(v[0]["tickets"], serde_json::json!(3));
    }
}
