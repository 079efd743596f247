package com.gifchat.cluster;

import io.vertx.core.Completable;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast, configured from conf/cluster.xml only when the node joins a cluster: reading that configuration loads
 * much of Hazelcast, which a single node (the default) would pay for at every start for nothing.
 */
final class ConfiguredHazelcast extends HazelcastClusterManager {

    @Override
    public void join(Completable<Void> promise) {
        setConfig(ClusterSettings.hazelcast(System.getenv()));
        super.join(promise);
    }
}
