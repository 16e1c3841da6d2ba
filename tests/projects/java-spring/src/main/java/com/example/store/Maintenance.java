package com.example.store;

import com.example.ws.CloseCodes;

public class Maintenance {
    private final Database database = new Database();
    private final Pool pool = new Pool();

    public void stop() throws Exception {
        database.shutdown(CloseCodes.AUTH_FAILED);
        database.shutdown(4001);
        pool.close(CloseCodes.AUTH_FAILED);
        database.closeAll(null, 1000);
    }
}
