package com.example.store;

import java.sql.Connection;

public class Database {
    private final Pool pool = new Pool();

    public void shutdown(int code) {
        pool.close(code);
    }

    public void closeAll(Connection connection, int code) throws Exception {
        connection.close(code);
    }
}
