//! The demo session for the TUI: `txlab demo`'s (the AWS CLI documentation's MusicCollection table with its
//! local secondary index, four songs, "Call Me Today" with a Rating, and the documented transaction as the
//! draft `cli-example`), built in memory by running its commands through the session.

use crate::session::Session;

/// A session in memory holding the demo.
pub fn session() -> Result<Session, String> {
    let mut session = Session::with_clock(crate::app::clock());
    crate::app::build_demo(&mut session)?;
    Ok(session)
}
