# Build stage: a static binary; the embedded engine's SQLite is pure Go.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/medborgardialog ./cmd/medborgardialog \
 && mkdir -p -m 0700 /out/data

# Runtime: no shell, no package manager, not root.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/medborgardialog /medborgardialog
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV DIALOG_ADDR=:8080 \
    DIALOG_DATA_DIR=/data
# The embedded default's files and its Unix socket (no MONGODB_URI), which
# only nonroot may reach (the service makes it 0700), and with either
# engine the free-text logs of the in-memory results (/data/texts).
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/medborgardialog", "healthcheck"]
ENTRYPOINT ["/medborgardialog"]
CMD ["serve"]
