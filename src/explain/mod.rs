//! `explain`: the trace of a request as text, and the plain-language account of why an action failed and what
//! would have made it pass. A pure library (traces in, text out), shared by the REPL, script mode and the TUI's
//! stepper and cancellation panels.
//!
//! - [`render_explain`]: the whole `explain` text for one history entry.
//! - [`account`]: why one action did not pass (`Rating exists on this item (N 5), so
//!   attribute_not_exists(Rating) is false`) and what would have made it pass.
//! - [`consequence`]: what the verdict meant for the other actions (`The transaction is all or nothing, so
//!   action 1 was not applied either.`).
//! - [`locate`] / [`error_account`]: for an error that stopped the request (a ValidationException), the
//!   expression at fault with the offending token's span, and what usually fixes it.
//! - [`values`]: values as people read them (`"Acme"`, `N 5`, `M {Rating: N 5}`), and table cells.

mod account;
mod blocks;
mod leaf;
mod render;
mod style;
mod validation;
pub mod values;

pub use account::{account, condition_account, consequence, Account};
pub use render::render_explain;
pub use validation::{error_account, locate, Located};
