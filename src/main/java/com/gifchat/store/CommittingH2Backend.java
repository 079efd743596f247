package com.gifchat.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.util.Set;

/**
 * The H2 backend commits its MVStore on its own about once a second, so a crash could lose writes that were already
 * acknowledged. This one commits after every write command, before the reply leaves the server.
 */
final class CommittingH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
        "insert", "update", "delete", "findandmodify", "createindexes", "drop", "dropdatabase");

    CommittingH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document response = super.handleCommand(channel, database, command, query);
        if (WRITE_COMMANDS.contains(command.toLowerCase())) {
            commit();
        }
        return response;
    }
}
