package com.example.ws;

public interface Codes {
    int BANNED = 4003;
}
