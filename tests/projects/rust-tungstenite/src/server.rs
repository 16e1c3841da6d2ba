use std::time::Duration;

use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use crate::close::{deny, kick, Session, Ws};
use crate::codes::{self, AppClose, Reason, BANNED as BAN};

pub async fn handle(ws: &mut Ws, token: Option<&str>, session: &mut Session) {
    if token.is_none() {
        kick(ws, 4001, "no token").await;
        return;
    }
    kick(ws, codes::BANNED, "banned").await;
    kick(ws, BAN, "banned").await;
    deny(ws, AppClose::IDLE).await;
    session.drop_with(Reason::Shutdown as u16).await;
    crate::close::kick(ws, codes::legacy::OLD_CLIENT, "upgrade").await;
    let _ = ws
        .close(Some(CloseFrame {
            code: codes::AUTH.into(),
            reason: "expired".into(),
        }))
        .await;
    let _ = ws
        .close(Some(CloseFrame {
            code: codes::KICKED,
            reason: "kicked".into(),
        }))
        .await;
    tokio::time::sleep(Duration::from_millis(codes::TIMEOUT_MS)).await;
}
