#pragma once
#include <cstdint>
#include <string>
#include <boost/beast/websocket.hpp>

namespace websocket = boost::beast::websocket;

class Session {
public:
    void kick(std::uint16_t code, const std::string& reason);
    void deny(std::uint16_t code);

private:
    websocket::stream<boost::beast::tcp_stream> ws_;
};
