# The energy marketplace node as a container image. The binary is the host's release build (the
# one the test command built and tested), copied in: see docker/build-images.sh.
#
# BASE_IMAGE: any Debian bookworm, e.g. debian:bookworm-slim from a registry, or the minimal one
# docker/base-image.sh makes with debootstrap where no registry is reachable.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

# Root certificates for the network stack, curl for the health check.
RUN apt-get update -qq \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates curl \
	&& rm -rf /var/lib/apt/lists/*
# A fixed uid, so that key files on the host can be given to it: chown 10001 KEY-FILES.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin energy \
	&& mkdir -p /data /keystore /keys /chain \
	&& chown energy:energy /data /keystore
COPY energy-node /usr/local/bin/energy-node
COPY node-entrypoint.sh /usr/local/bin/node-entrypoint.sh
USER energy
WORKDIR /data
# The chain database and the keystore: both outlive the container.
VOLUME ["/data", "/keystore"]
# p2p, JSON-RPC, Prometheus (the defaults; the entrypoint takes others from P2P_PORT, RPC_PORT and
# PROMETHEUS_PORT).
EXPOSE 30333 9944 9615
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
	CMD curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		"http://127.0.0.1:${RPC_PORT:-9944}" || exit 1
ENTRYPOINT ["/usr/local/bin/node-entrypoint.sh"]
