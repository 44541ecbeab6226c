# The off-chain programs of the energy marketplace as a container image: households' and the
# grid operator's agents, the smart-meter simulator, the anchoring CLI and the private wallet. The binaries are
# the host's release build, copied in: see docker/build-images.sh. No entrypoint: a container runs
# the program its command names, e.g. `meter-simulator --listen 127.0.0.1:8700`.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

RUN apt-get update -qq \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates curl \
	&& rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /home/energy --shell /usr/sbin/nologin energy
COPY energy-agent meter-simulator energy-anchor energy-wallet /usr/local/bin/
USER energy
WORKDIR /home/energy
# The agents' negotiation server and the meter simulator, at their default ports.
EXPOSE 8790 8700
CMD ["meter-simulator", "--help"]
