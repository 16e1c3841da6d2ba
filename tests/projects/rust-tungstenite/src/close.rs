use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::WebSocketStream;

pub type Ws = WebSocketStream<TcpStream>;

/// Sends a close frame with the code and reason.
pub async fn kick(ws: &mut Ws, code: u16, reason: &str) {
    let _ = ws
        .close(Some(CloseFrame {
            code: code.into(),
            reason: reason.to_owned().into(),
        }))
        .await;
}

/// Refuses a session: a helper forwarding to `kick`.
pub async fn deny(ws: &mut Ws, code: u16) {
    kick(ws, code, "denied").await;
}

pub struct Session {
    pub ws: Ws,
}

impl Session {
    pub async fn drop_with(&mut self, code: u16) {
        deny(&mut self.ws, code).await;
    }
}
