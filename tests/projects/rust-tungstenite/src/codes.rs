//! The application's close codes.

use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

pub const AUTH: u16 = 4001;
pub const BANNED: u16 = 4003;
pub const TIMEOUT_MS: u64 = 1000;
pub const KICKED: CloseCode = CloseCode::Library(4010);

pub struct AppClose;

impl AppClose {
    pub const IDLE: u16 = 4008;
    pub const RETRY: u16 = 4009;
}

#[repr(u16)]
pub enum Reason {
    Shutdown = 4100,
    Restart = 4101,
}

pub mod legacy {
    pub const OLD_CLIENT: u16 = 4200;
}
