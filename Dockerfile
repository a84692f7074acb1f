# Estran control-plane image.
#   docker build -t estran/estran:0.1.0 .
#   docker run --rm -p 7070:7070 estran/estran:0.1.0          # dev mode: embedded database, simulated cluster
# Production runs it through the Helm chart in charts/estran (ESTRAN_MODE=production).

# --- build: the jar and its runtime dependencies (target/estran.jar, target/lib/) ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
# Dependencies first, in their own layer, so that source changes do not download them again.
RUN mvn -B -q dependency:go-offline || true
COPY src/ src/
RUN mvn -B -DskipTests package

# --- runtime: a JRE, the jar, its libraries and the sandbox templates; nothing else ---
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 estran \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin estran
WORKDIR /app
# The jar's manifest puts lib/*.jar on the class path (maven-jar-plugin, classpathPrefix lib/).
COPY --from=build /src/target/lib/ /app/lib/
COPY --from=build /src/target/estran.jar /app/estran.jar
COPY templates/ /app/templates/
COPY scripts/record-cds-archive.sh /app/record-cds-archive.sh
# Files stay root-owned and read-only for the process; dev-mode state goes to /tmp (an emptyDir in the chart,
# whose root filesystem is read-only).
ENV ESTRAN_TEMPLATES_DIR=/app/templates \
    ESTRAN_DATA_DIR=/tmp/estran \
    ESTRAN_HTTP_PORT=7070
RUN install -d -o 10001 -g 10001 /app/cds
USER 10001:10001
# An AppCDS archive of Estran's classes, recorded by one training start of this very jar and JRE (dev mode:
# the embedded database and the simulated cluster, nothing outside), then mapped by every start: about half
# the CPU of a start and 25 MB less RSS (docs/benchmarks.md, "Start and footprint"). The JVM checks that it
# fits and, if not, starts without it.
RUN ESTRAN_DATA_DIR=/tmp/cds-training /app/record-cds-archive.sh /app/cds/estran.jsa /app/estran.jar \
 && rm -rf /tmp/cds-training
EXPOSE 7070
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/cds/estran.jsa", "-Xshare:auto", "-jar", "/app/estran.jar"]
