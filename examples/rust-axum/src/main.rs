//! Live cursor sharing for a document editor, on axum.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::ws::{close_code, CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tokio::sync::{broadcast, Mutex};

#[derive(Clone, Default)]
struct AppState {
    docs: Arc<Mutex<HashMap<String, broadcast::Sender<String>>>>,
}

async fn ws_handler(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    Path(doc_id): Path<String>,
    State(state): State<AppState>,
) -> Response {
    let compressed = headers
        .get("sec-websocket-extensions")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("permessage-deflate"));
    ws.on_upgrade(move |socket| handle_socket(socket, doc_id, state, compressed))
}

async fn handle_socket(mut socket: WebSocket, doc_id: String, state: AppState, compressed: bool) {
    if !compressed {
        // Cursor traffic is chatty; insist on compression.
        let _ = socket
            .send(Message::Close(Some(CloseFrame {
                code: close_code::EXTENSION,
                reason: Utf8Bytes::from_static("permessage-deflate required"),
            })))
            .await;
        return;
    }

    let tx = {
        let mut docs = state.docs.lock().await;
        docs.entry(doc_id.clone()).or_insert_with(|| broadcast::channel(256).0).clone()
    };
    let mut rx = tx.subscribe();

    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    if text.len() > 1024 {
                        let _ = socket
                            .send(Message::Close(Some(CloseFrame {
                                code: close_code::SIZE,
                                reason: Utf8Bytes::from_static("cursor update too large"),
                            })))
                            .await;
                        return;
                    }
                    let _ = tx.send(text.to_string());
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            outgoing = rx.recv() => match outgoing {
                Ok(update) => {
                    if socket.send(Message::Text(update.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let _ = socket
                        .send(Message::Close(Some(CloseFrame {
                            code: 4001,
                            reason: Utf8Bytes::from_static("fell behind, please resync"),
                        })))
                        .await;
                    return;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
        }
    }
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/docs/{doc_id}/cursors", any(ws_handler))
        .with_state(AppState::default());
    let addr = SocketAddr::from(([0, 0, 0, 0], 3000));
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
