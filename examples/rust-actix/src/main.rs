//! Support-chat handler on actix-web + actix-ws.
use actix_web::{middleware::Logger, rt, web, App, Error, HttpRequest, HttpResponse, HttpServer};
use actix_ws::{CloseCode, Message};
use futures_util::StreamExt as _;

const MAX_TEXT: usize = 8 * 1024;

async fn support_chat(req: HttpRequest, body: web::Payload) -> Result<HttpResponse, Error> {
    let agent_online = req.headers().contains_key("x-agent-pool");
    let (response, mut session, mut stream) = actix_ws::handle(&req, body)?;

    rt::spawn(async move {
        if !agent_online {
            let _ = session.close(Some((CloseCode::Again, "no agent available, try again later").into())).await;
            return;
        }
        while let Some(Ok(msg)) = stream.next().await {
            match msg {
                Message::Text(text) if text.len() > MAX_TEXT => {
                    let _ = session.close(Some((CloseCode::Size, "message too long").into())).await;
                    return;
                }
                Message::Text(text) if text.trim() == "/end" => {
                    let _ = session.close(Some((CloseCode::Other(4000), "conversation ended").into())).await;
                    return;
                }
                Message::Text(text) => {
                    if session.text(format!("echo: {text}")).await.is_err() {
                        return;
                    }
                }
                Message::Ping(bytes) => {
                    if session.pong(&bytes).await.is_err() {
                        return;
                    }
                }
                Message::Close(_) => break,
                _ => {}
            }
        }
        let _ = session.close(Some(CloseCode::Normal.into())).await;
    });

    Ok(response)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().wrap(Logger::default()).route("/support", web::get().to(support_chat)))
        .bind(("127.0.0.1", 8080))?
        .run()
        .await
}
