//! TransactWriteItems and TransactGetItems: request members (spec §1.2, §1.5 layers 0 and 1) and responses.

use compact_str::CompactString;
use std::collections::BTreeMap;

use serde_json::{Map, Value};
use smallvec::SmallVec;

use super::items::{rcc, ricm, rvoccf, RCC};
use super::members::{self as m, Constraints, Obj};
use super::render;
use crate::engine::capacity::ReturnConsumedCapacity;
use crate::engine::database::RequestContext;
use crate::engine::error::ApiError;
use crate::engine::messages as msg;
use crate::engine::ops::transact_get::{
    TransactGetItem, TransactGetItemsRequest, TransactGetOutput,
};
use crate::engine::ops::transact_write::{
    TransactWriteItem, TransactWriteItemsRequest, TransactWriteOutput,
};
use crate::engine::ops::WireMap;
use crate::engine::trace::ActionType;

/// The four action members, with the lower-camel name used in member paths.
const ACTIONS: [(&str, &str, ActionType); 4] = [
    (
        "ConditionCheck",
        "conditionCheck",
        ActionType::ConditionCheck,
    ),
    ("Delete", "delete", ActionType::Delete),
    ("Put", "put", ActionType::Put),
    ("Update", "update", ActionType::Update),
];

/// One action object's members, as read (layer 0): every member is read whatever its action, but only the
/// ones the action has are kept (`Item` for a Put, `Key` for the others, `UpdateExpression` for an Update).
#[derive(Default)]
pub(super) struct ActionMembers<'a> {
    pub condition: Option<&'a str>,
    pub names: Option<BTreeMap<String, String>>,
    pub values: Option<WireMap>,
    pub item: Option<WireMap>,
    pub key: Option<WireMap>,
    pub on_failure: Option<&'a str>,
    pub table: Option<&'a str>,
    pub update: Option<&'a str>,
}

/// The members an action object may have, found in one pass over the object (`members::get` would scan it
/// once per member). `null` members are absent, as `members::get` has them; a JSON object holds each name
/// once, so which pass finds a member makes no difference.
#[derive(Default)]
struct ActionSlots<'a> {
    condition: Option<&'a Value>,
    names: Option<&'a Value>,
    values: Option<&'a Value>,
    item: Option<&'a Value>,
    key: Option<&'a Value>,
    on_failure: Option<&'a Value>,
    table: Option<&'a Value>,
    update: Option<&'a Value>,
}

impl<'a> ActionSlots<'a> {
    fn of(o: &'a Obj) -> ActionSlots<'a> {
        let mut s = ActionSlots::default();
        for (name, v) in o.iter().filter(|(_, v)| !v.is_null()) {
            let slot = match name.as_str() {
                "ConditionExpression" => &mut s.condition,
                "ExpressionAttributeNames" => &mut s.names,
                "ExpressionAttributeValues" => &mut s.values,
                "Item" => &mut s.item,
                "Key" => &mut s.key,
                "ReturnValuesOnConditionCheckFailure" => &mut s.on_failure,
                "TableName" => &mut s.table,
                "UpdateExpression" => &mut s.update,
                _ => continue,
            };
            *slot = Some(v);
        }
        s
    }
}

fn read_action(o: &Obj, kind: ActionType) -> Result<ActionMembers<'_>, ApiError> {
    // Read (and refused) in this order, whatever the order in the object.
    let s = ActionSlots::of(o);
    fn string(v: Option<&Value>) -> Result<Option<&str>, ApiError> {
        v.map(m::as_string).transpose()
    }
    let map = |v: Option<&Value>| v.map(crate::engine::ops::wire::parse_map).transpose();
    let condition = string(s.condition)?;
    let names = s.names.map(m::as_string_map).transpose()?;
    let values = map(s.values)?;
    let item = if kind == ActionType::Put {
        map(s.item)?
    } else {
        None
    };
    let key = if kind == ActionType::Put {
        None
    } else {
        map(s.key)?
    };
    let on_failure = string(s.on_failure)?;
    let table = string(s.table)?;
    let update = if kind == ActionType::Update {
        string(s.update)?
    } else {
        None
    };
    Ok(ActionMembers {
        condition,
        names,
        values,
        item,
        key,
        on_failure,
        table,
        update,
    })
}

/// One action's constraints (layer 1). The member paths are only rendered when something fails.
fn check_action(
    a: ActionMembers<'_>,
    kind: ActionType,
    base: impl Fn() -> String,
    c: &mut Constraints,
) -> TransactWriteItem {
    let ActionMembers {
        condition,
        names,
        values,
        item,
        key,
        on_failure,
        table,
        update,
    } = a;
    let fine = (kind != ActionType::ConditionCheck || condition.is_some())
        && (if kind == ActionType::Put {
            item.is_some()
        } else {
            key.is_some()
        })
        && on_failure.is_none_or(|v| msg::ENUM_RETURN_VALUES_ON_CCF.contains(&v))
        && table.is_some_and(Constraints::table_name_ok)
        && (kind != ActionType::Update || update.is_some());
    if !fine {
        let base = base();
        if kind == ActionType::ConditionCheck {
            c.not_null(&format!("{base}.conditionExpression"), condition.is_some());
        }
        match kind {
            ActionType::Put => c.not_null(&format!("{base}.item"), item.is_some()),
            _ => c.not_null(&format!("{base}.key"), key.is_some()),
        }
        c.enumeration(
            &format!("{base}.returnValuesOnConditionCheckFailure"),
            on_failure,
            msg::ENUM_RETURN_VALUES_ON_CCF,
        );
        c.table_name(&format!("{base}.tableName"), table, true);
        if kind == ActionType::Update {
            c.not_null(&format!("{base}.updateExpression"), update.is_some());
        }
    }
    TransactWriteItem {
        action: kind,
        table_name: CompactString::from(table.unwrap_or_default()),
        item,
        key,
        update_expression: update.map(CompactString::from),
        condition_expression: condition.map(CompactString::from),
        expression_attribute_names: names,
        expression_attribute_values: values,
        return_values_on_condition_check_failure: rvoccf(on_failure),
    }
}

/// The action objects one entry sets (one, unless the request is refused).
pub(super) type EntryActions<'a> = SmallVec<[(ActionType, ActionMembers<'a>); 1]>;

/// TransactWriteItems' top-level members and its entries, as read (layer 0). Each entry lists the action
/// objects it sets (none or several are refused after the constraints).
#[derive(Default)]
pub(super) struct TransactWriteMembers<'a> {
    pub token: Option<&'a str>,
    pub rcc: Option<&'a str>,
    pub ricm: Option<&'a str>,
    pub entries: Option<Vec<EntryActions<'a>>>,
}

pub fn transact_write_items(
    obj: &Obj,
    ctx: &RequestContext,
) -> Result<TransactWriteItemsRequest, ApiError> {
    let token = m::string(obj, "ClientRequestToken")?;
    let rcc_text = m::string(obj, "ReturnConsumedCapacity")?;
    let ricm_text = m::string(obj, "ReturnItemCollectionMetrics")?;
    let list = m::list(obj, "TransactItems")?;
    let mut entries = None;
    if let Some(list) = list {
        let mut read = Vec::with_capacity(list.len());
        for entry in list {
            let entry = m::as_object(entry)?;
            let mut actions = EntryActions::new();
            for (member, _, kind) in ACTIONS {
                if let Some(o) = m::object(entry, member)? {
                    actions.push((kind, read_action(o, kind)?));
                }
            }
            read.push(actions);
        }
        entries = Some(read);
    }
    let members = TransactWriteMembers {
        token,
        rcc: rcc_text,
        ricm: ricm_text,
        entries,
    };
    transact_write_items_checked(members, || list.map(|l| m::dump_list(l)), ctx)
}

/// TransactWriteItems' member constraints (layer 1) and the checks that follow them, once its members are
/// read (from a JSON value, or straight from the body by `fast.rs`). `dump` renders the TransactItems list
/// for a length constraint's message.
pub(super) fn transact_write_items_checked(
    members: TransactWriteMembers<'_>,
    dump: impl FnOnce() -> Option<String>,
    ctx: &RequestContext,
) -> Result<TransactWriteItemsRequest, ApiError> {
    let TransactWriteMembers {
        token,
        rcc: rcc_text,
        ricm: ricm_text,
        entries,
    } = members;
    let mut c = Constraints::new();
    c.length("clientRequestToken", token, 1, 36);
    c.enumeration("returnConsumedCapacity", rcc_text, RCC);
    c.enumeration(
        "returnItemCollectionMetrics",
        ricm_text,
        msg::ENUM_RETURN_ITEM_COLLECTION_METRICS,
    );
    let max = ctx.profile.max_transact_actions();
    let mut actions = Vec::new();
    // The number of action objects of the first entry that does not set exactly one.
    let mut first_misshapen = None;
    match entries {
        None => c.not_null("transactItems", false),
        Some(entries) => {
            c.list_length(
                "transactItems",
                || dump().unwrap_or_default(),
                entries.len(),
                1,
                max,
            );
            actions.reserve_exact(entries.len());
            for (i, entry) in entries.into_iter().enumerate() {
                if entry.len() != 1 && first_misshapen.is_none() {
                    first_misshapen = Some(entry.len());
                }
                for (kind, a) in entry {
                    let path = ACTIONS
                        .iter()
                        .find(|(_, _, k)| *k == kind)
                        .map_or("", |(_, p, _)| *p);
                    let base = || format!("transactItems.{}.member.{path}", i + 1);
                    actions.push(check_action(a, kind, base, &mut c));
                }
            }
        }
    }
    c.finish()?;
    match first_misshapen {
        Some(0) => return Err(ApiError::validation(msg::TRANSACT_WRITE_NO_OPERATION)),
        Some(_) => return Err(ApiError::validation(msg::TRANSACT_WRITE_TWO_OPERATIONS)),
        None => {}
    }
    Ok(TransactWriteItemsRequest {
        transact_items: actions,
        return_consumed_capacity: rcc(rcc_text),
        return_item_collection_metrics: ricm(ricm_text),
        client_request_token: token.map(str::to_string),
    })
}

pub fn transact_get_items(
    obj: &Obj,
    ctx: &RequestContext,
) -> Result<TransactGetItemsRequest, ApiError> {
    let rcc_text = m::string(obj, "ReturnConsumedCapacity")?;
    let list = m::list(obj, "TransactItems")?;
    let mut c = Constraints::new();
    c.enumeration("returnConsumedCapacity", rcc_text, RCC);
    let mut gets = Vec::new();
    let mut missing = false;
    match list {
        None => c.not_null("transactItems", false),
        Some(list) => {
            let max = ctx.profile.max_transact_actions();
            c.list_length("transactItems", || m::dump_list(list), list.len(), 1, max);
            for (i, entry) in list.iter().enumerate() {
                let entry = m::as_object(entry)?;
                let Some(o) = m::object(entry, "Get")? else {
                    missing = true;
                    continue;
                };
                let base = format!("transactItems.{}.member.get", i + 1);
                let names = m::string_map(o, "ExpressionAttributeNames")?;
                let key = m::attribute_map(o, "Key")?;
                let projection = m::string(o, "ProjectionExpression")?;
                let table = m::string(o, "TableName")?;
                c.not_null(&format!("{base}.key"), key.is_some());
                c.table_name(&format!("{base}.tableName"), table, true);
                gets.push(TransactGetItem {
                    table_name: table.unwrap_or_default().to_string(),
                    key: key.unwrap_or_default(),
                    projection_expression: projection.map(str::to_string),
                    expression_attribute_names: names,
                });
            }
        }
    }
    c.finish()?;
    if missing {
        return Err(ApiError::validation(msg::TRANSACT_GET_NO_OPERATION));
    }
    Ok(TransactGetItemsRequest {
        transact_items: gets,
        return_consumed_capacity: rcc(rcc_text),
    })
}

pub fn write_output(out: &TransactWriteOutput, mode: ReturnConsumedCapacity) -> Value {
    let mut m = Map::new();
    if let Some(list) = &out.consumed_capacity {
        m.insert(
            "ConsumedCapacity".into(),
            Value::Array(
                list.iter()
                    .map(|c| render::consumed_capacity(c, mode))
                    .collect(),
            ),
        );
    }
    if let Some(tables) = out
        .item_collection_metrics
        .as_ref()
        .filter(|t| !t.is_empty())
    {
        m.insert(
            "ItemCollectionMetrics".into(),
            Value::Object(
                tables
                    .iter()
                    .map(|(t, list)| {
                        (
                            t.clone(),
                            Value::Array(
                                list.iter().map(render::item_collection_metrics).collect(),
                            ),
                        )
                    })
                    .collect(),
            ),
        );
    }
    Value::Object(m)
}

pub fn get_output(out: &TransactGetOutput, mode: ReturnConsumedCapacity) -> Value {
    let mut m = Map::new();
    if let Some(list) = &out.consumed_capacity {
        m.insert(
            "ConsumedCapacity".into(),
            Value::Array(
                list.iter()
                    .map(|c| render::consumed_capacity(c, mode))
                    .collect(),
            ),
        );
    }
    let responses = out
        .responses
        .iter()
        .map(|r| {
            let mut e = Map::new();
            if let Some(item) = r {
                e.insert("Item".into(), render::item(item));
            }
            Value::Object(e)
        })
        .collect();
    m.insert("Responses".into(), Value::Array(responses));
    Value::Object(m)
}
