/**
 * Pool routers: one actor that owns a pool of identical routee actors and spreads messages over them.
 *
 * <p><b>The problem.</b> One actor handles one message at a time. Work that is independent per message (or per
 * key) can go faster on several actors, but senders should not have to know how many there are or which is free.
 *
 * <p><b>The approach.</b> {@link io.goakt.router.Routers#pool} describes a pool; spawning it starts a router actor
 * that spawns the routees as its own children and watches them. Every message the router receives, except its
 * management messages ({@link io.goakt.router.Resize}, {@link io.goakt.router.GetRoutees},
 * {@link io.goakt.router.Broadcast}), is sent on to routees chosen by a {@link io.goakt.router.RoutingStrategy}
 * with the original sender kept, so replies go straight from the routee to whoever asked and the router never
 * becomes a second hop for them. Scatter-gather and tail-chopping are the exceptions: the router asks every routee
 * at once (scatter-gather) or one more routee per interval (tail-chopping), without blocking, through the
 * runtime's {@code ask}, and pipes the first successful reply to the sender.
 *
 * <p><b>Supervision.</b> Routees are children, so their failures go to the router, which applies the routees'
 * own supervisor strategy. A routee that stops is replaced under a fresh name; a shrink retires the newest
 * routees with a {@link io.goakt.actor.PoisonPill} so what is queued for them is still handled.
 *
 * <p><b>Concurrency.</b> All routing state lives on the router's thread; strategies are immutable descriptions that
 * make fresh state for each router instance. Routing is one {@code tell} per routee reached, with no allocation for
 * round-robin, random and consistent hashing beyond what the key extractor does.
 *
 * <p><b>Routers built elsewhere.</b> {@link io.goakt.router.Routing} hands a strategy's routing state to router
 * actors outside this package whose routees come from elsewhere: the cluster-aware routers of
 * {@code io.goakt.cluster}, whose routees follow the cluster's members, route through it.
 *
 * <p><b>Neighbours.</b> Builds on {@link io.goakt.actor} (the router and its routees are actors) and
 * {@link io.goakt.supervision} (the routees' strategy); {@code io.goakt.cluster} builds its cluster-aware routers on
 * it, and it has no {@code internal} part.
 *
 * <p>References: Akka/Pekko pool routers and {@code ConsistentHash}; GoAkt routers; Karger et al., "Consistent
 * hashing and random trees" (STOC 1997).
 */
package io.goakt.router;
