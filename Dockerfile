# proxyshard-fake in a container, for the CI of any language.
#
#   docker build -t proxyshard-fake .
#   docker run --rm -p 127.0.0.1:8089:8089 proxyshard-fake -token T
#
# Inside the container the fake listens on all of the container's own
# interfaces (-addr 0.0.0.0:8089), so that -p can reach it; publish it on
# the host's loopback as above. The proxies it sells (127.77.0.x) exist
# inside the container only. With -tls, write the CA to a mounted
# directory: -v "$PWD/ca:/ca" ... -tls -ca-file /ca/ca.pem (the image has
# no writable directory of its own).

# The build stage: a static binary (no cgo), reproducible paths.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/proxyshard-fake ./cmd/proxyshard-fake

# The image: the binary and the system's certificate authorities (the
# validating proxy mode, -upstream https://..., must verify the real API),
# nothing else, run as nobody.
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/proxyshard-fake /proxyshard-fake
USER 65534:65534
EXPOSE 8089
ENTRYPOINT ["/proxyshard-fake", "-addr", "0.0.0.0:8089"]
