//! An operation's flags, built from the model as the AWS CLI builds its argument table: one flag per input member
//! (`--kebab-case` of the member name; `--x` / `--no-x` for booleans; several words for lists), then the CLI's
//! own `--cli-input-json`, `--cli-input-yaml`, the paging flags of paginated operations, and
//! `--generate-cli-skeleton`.

use super::argparse::{Conversion, Nargs, Spec};
use super::model::{model, Shape, ShapeType};
use super::Operation;

/// What a flag stands for.
#[derive(Clone, Debug)]
pub enum ArgKind {
    /// An input member.
    Member {
        member: String,
        shape: &'static Shape,
    },
    /// The `--no-x` half of a boolean member (it shares the member's destination).
    NegatedBoolean,
    CliInputJson,
    CliInputYaml,
    StartingToken,
    PageSize,
    MaxItems,
    GenerateCliSkeleton,
}

#[derive(Clone, Debug)]
pub struct OpArg {
    pub kind: ArgKind,
    pub spec: Spec,
}

/// botocore's `xform_name(name, '-')`: `ReturnValuesOnConditionCheckFailure` -> `return-values-on-...`,
/// `SSESpecification` -> `sse-specification`.
pub fn xform_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    // A trailing `[A-Z]{2,}s` (ARNs, ACLs) becomes `-arns`.
    let mut base: Vec<char> = chars.clone();
    let upper_run = chars
        .iter()
        .rev()
        .skip(1)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    if chars.last() == Some(&'s') && upper_run >= 2 {
        let cut = chars.len() - 1 - upper_run;
        base = chars.get(..cut).unwrap_or_default().to_vec();
        base.push('-');
        base.extend(
            chars
                .get(cut..)
                .unwrap_or_default()
                .iter()
                .map(|c| c.to_ascii_lowercase()),
        );
    }
    // (.)([A-Z][a-z]+) -> \1-\2
    let mut s1: Vec<char> = Vec::with_capacity(base.len() + 8);
    let mut i = 0;
    while i < base.len() {
        let c = base.get(i).copied().unwrap_or(' ');
        s1.push(c);
        let next_upper = base.get(i + 1).is_some_and(|c| c.is_ascii_uppercase());
        let then_lower = base.get(i + 2).is_some_and(|c| c.is_ascii_lowercase());
        if next_upper && then_lower {
            s1.push('-');
        }
        i += 1;
    }
    // ([a-z0-9])([A-Z]) -> \1-\2, then lower-case.
    let mut out = String::with_capacity(s1.len() + 8);
    for (i, &c) in s1.iter().enumerate() {
        out.push(c.to_ascii_lowercase());
        let here = c.is_ascii_lowercase() || c.is_ascii_digit();
        if here && s1.get(i + 1).is_some_and(|c| c.is_ascii_uppercase()) {
            out.push('-');
        }
    }
    out
}

/// The flags of `operation`, in the AWS CLI's order. `relax_required` drops `required` (as `--cli-input-json`
/// and `--generate-cli-skeleton` do).
pub fn arg_table(operation: Operation, relax_required: bool) -> Vec<OpArg> {
    let mut table = Vec::new();
    let m = model();
    if let Some(input) = m.input_shape(operation.name()) {
        for member in &input.members {
            let Some(shape) = member.shape() else {
                continue;
            };
            let cli = xform_name(&member.name);
            let dest = cli.replace('-', "_");
            let required = !relax_required
                && input.required.contains(&member.name)
                && !member.target.idempotency_token;
            let kind = ArgKind::Member {
                member: member.name.clone(),
                shape,
            };
            match shape.shape_type {
                ShapeType::Boolean => {
                    table.push(OpArg {
                        kind,
                        spec: Spec::flag(&format!("--{cli}"), &dest, true),
                    });
                    table.push(OpArg {
                        kind: ArgKind::NegatedBoolean,
                        spec: Spec::flag(&format!("--no-{cli}"), &dest, false),
                    });
                }
                ShapeType::List => table.push(OpArg {
                    kind,
                    spec: Spec::option(&format!("--{cli}"), &dest, Nargs::ZeroOrMore)
                        .required(required),
                }),
                // argparse converts `long` words itself (`type=int`); `integer` words are converted later.
                ShapeType::Long => table.push(OpArg {
                    kind,
                    spec: Spec::option(&format!("--{cli}"), &dest, Nargs::One)
                        .with_conversion(Conversion::Int)
                        .required(required),
                }),
                _ => table.push(OpArg {
                    kind,
                    spec: Spec::option(&format!("--{cli}"), &dest, Nargs::One).required(required),
                }),
            }
        }
    }
    table.push(OpArg {
        kind: ArgKind::CliInputJson,
        spec: Spec::option("--cli-input-json", "cli_input_json", Nargs::One),
    });
    table.push(OpArg {
        kind: ArgKind::CliInputYaml,
        spec: Spec::option("--cli-input-yaml", "cli_input_yaml", Nargs::One),
    });
    if let Some(paginator) = m.pagination.get(operation.name()) {
        let limit_type = m
            .input_shape(operation.name())
            .and_then(|s| s.member_shape(&paginator.limit_key))
            .map(|s| s.shape_type);
        let conversion = match limit_type {
            Some(ShapeType::Integer | ShapeType::Long) => Conversion::Int,
            _ => Conversion::Str,
        };
        table.push(OpArg {
            kind: ArgKind::StartingToken,
            spec: Spec::option("--starting-token", "starting_token", Nargs::One),
        });
        table.push(OpArg {
            kind: ArgKind::PageSize,
            spec: Spec::option("--page-size", "page_size", Nargs::One).with_conversion(conversion),
        });
        table.push(OpArg {
            kind: ArgKind::MaxItems,
            spec: Spec::option("--max-items", "max_items", Nargs::One).with_conversion(conversion),
        });
    }
    table.push(OpArg {
        kind: ArgKind::GenerateCliSkeleton,
        spec: Spec::option(
            "--generate-cli-skeleton",
            "generate_cli_skeleton",
            Nargs::Optional,
        )
        .with_constant("input")
        .with_choices(&["input", "output", "yaml-input"]),
    });
    table
}
