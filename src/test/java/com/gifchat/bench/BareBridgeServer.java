package com.gifchat.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/**
 * The benchmark's baseline: the stock Vert.x 5 SockJS bridge and nothing else. One consumer publishes what it is sent
 * to room.&lt;roomId&gt; and replies; no store, no hooks, no admission.
 */
public final class BareBridgeServer {

    private BareBridgeServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().<JsonObject>consumer("chat.send", message -> {
            vertx.eventBus().publish("room." + message.body().getString("roomId"), message.body());
            message.reply(new JsonObject());
        });
        Router router = Router.router(vertx);
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(new SockJSBridgeOptions()
            .addInboundPermitted(new PermittedOptions().setAddress("chat.send"))
            .addOutboundPermitted(new PermittedOptions().setAddressRegex("room\\..+"))));
        vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
            .onSuccess(server -> System.out.println("bare bridge ready on " + port))
            .onFailure(error -> {
                error.printStackTrace();
                System.exit(1);
            });
    }
}
