// A Boost.Beast echo server that insists on permessage-deflate.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <iostream>
#include <thread>

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

constexpr std::uint16_t kSessionExpired = 4001;

static bool offers_deflate(http::request<http::string_body> const& req)
{
    return req[http::field::sec_websocket_extensions].find("permessage-deflate") != beast::string_view::npos;
}

void do_session(tcp::socket socket)
{
    try {
        beast::flat_buffer buffer;
        http::request<http::string_body> req;
        http::read(socket, buffer, req);

        websocket::stream<tcp::socket> ws{std::move(socket)};
        websocket::permessage_deflate pmd;
        pmd.server_enable = true;
        ws.set_option(pmd);
        ws.accept(req);
        if (!offers_deflate(req)) {
            // The client did not offer compression, which this server requires.
            ws.close({websocket::close_code::needs_extension, "permessage-deflate required"});
            return;
        }

        for (;;) {
            beast::flat_buffer message;
            ws.read(message);
            if (message.size() > 1 << 20) {
                ws.close(websocket::close_code::too_big);
                return;
            }
            if (beast::buffers_to_string(message.data()) == "logout") {
                ws.close({kSessionExpired, "session ended"});
                return;
            }
            ws.text(ws.got_text());
            ws.write(message.data());
        }
    } catch (beast::system_error const& se) {
        if (se.code() != websocket::error::closed)
            std::cerr << "session: " << se.code().message() << "\n";
    }
}

int main()
{
    boost::asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc, {tcp::v4(), 8080}};
    for (;;) {
        tcp::socket socket{ioc};
        acceptor.accept(socket);
        std::thread{&do_session, std::move(socket)}.detach();
    }
}
