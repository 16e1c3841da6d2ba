//! Look-alikes: codes that never reach a WebSocket.
use tokio_tungstenite::tungstenite::Message;

use crate::codes;

/// A pool whose `close` takes an exit code: no WebSocket.
pub struct Pool {
    code: u16,
}

impl Pool {
    pub fn close(&mut self, code: u16) {
        self.code = code;
    }
}

/// A database handle closed with a code.
pub struct Db;

impl Db {
    pub fn close(&mut self, _code: u16) {}
}

pub fn close_db(db: &mut Db, code: u16) {
    db.close(code);
}

pub fn wait(ms: u64) {
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

pub fn shutdown(pool: &mut Pool, db: &mut Db, code: u16, msg: Message) {
    pool.close(codes::AUTH);
    pool.close(4001);
    close_db(db, codes::BANNED);
    close_db(db, 4003);
    wait(codes::TIMEOUT_MS);
    if code == codes::AUTH {
        return;
    }
    if let Message::Close(Some(frame)) = msg {
        if u16::from(frame.code) == codes::BANNED {
            return;
        }
    }
}
