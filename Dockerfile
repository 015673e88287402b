# authstream: one image, one component per container (the command picks it).
# Build:  docker build -t authstream .
# Run:    docker run --rm authstream --help

# --- build stage: Maven on JDK 21 -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Dependencies first, so that source edits do not re-download the world.
COPY pom.xml .
COPY schemas/pom.xml schemas/
COPY embedded/pom.xml embedded/
COPY ops/pom.xml ops/
COPY ingest/pom.xml ingest/
COPY analyzer/pom.xml analyzer/
COPY archive/pom.xml archive/
COPY retention/pom.xml retention/
COPY cli/pom.xml cli/
RUN mvn -B -q -ntp dependency:go-offline -DexcludeArtifactIds=elasticsearch || true
COPY . .
RUN mvn -B -q -ntp -DskipTests package

# --- runtime stage: JRE 21, non-root ------------------------------------------------------------
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 authstream \
 && useradd --system --uid 10001 --gid authstream --home-dir /opt/authstream --shell /usr/sbin/nologin authstream
WORKDIR /opt/authstream
COPY --from=build /src/cli/target/authstream.jar /opt/authstream/authstream.jar
COPY docs/examples/authstream.yml /etc/authstream/authstream.yml
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Operations endpoints listen on all interfaces in a container (loopback is the default elsewhere).
ENV AUTHSTREAM_OPS_HOST=0.0.0.0
# 8080 webhook (ingest); operations (health, metrics): 8081 ingest, 9402 archive, 9403 analyzer,
# 9404 notifier, 9405 retention, 9406 pull (docs/operations.md).
EXPOSE 8080 8081 9402 9403 9404 9405 9406
ENTRYPOINT ["java", "-jar", "/opt/authstream/authstream.jar"]
CMD ["--help"]
