//! Price feed consumer on tokio-tungstenite with a heartbeat watchdog.
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::time::{interval, Instant};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

const FEED_URL: &str = "wss://feed.example.com/prices";
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(30);

enum Stop {
    FeedSilent,
    UserQuit,
    ServerClosed,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut ws, _) = connect_async(FEED_URL).await?;
    ws.send(Message::text(r#"{"op":"subscribe","symbols":["BTC-USD"]}"#)).await?;

    let mut last_seen = Instant::now();
    let mut watchdog = interval(Duration::from_secs(5));

    let stop = loop {
        tokio::select! {
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(text))) => {
                    last_seen = Instant::now();
                    println!("{text}");
                }
                Some(Ok(Message::Ping(_))) | Some(Ok(Message::Pong(_))) => last_seen = Instant::now(),
                Some(Ok(Message::Close(frame))) => {
                    eprintln!("server closed: {frame:?}");
                    break Stop::ServerClosed;
                }
                Some(Err(e)) => return Err(e.into()),
                None => break Stop::ServerClosed,
                _ => {}
            },
            _ = watchdog.tick() => {
                if last_seen.elapsed() > HEARTBEAT_TIMEOUT {
                    break Stop::FeedSilent;
                }
            }
            _ = tokio::signal::ctrl_c() => break Stop::UserQuit,
        }
    };

    match stop {
        Stop::FeedSilent => {
            // The feed went silent; report the connection as dropped.
            ws.close(Some(CloseFrame { code: CloseCode::Abnormal, reason: "heartbeat timeout".into() })).await?;
        }
        Stop::UserQuit => {
            ws.close(Some(CloseFrame { code: CloseCode::Normal, reason: "bye".into() })).await?;
        }
        Stop::ServerClosed => {}
    }
    Ok(())
}
