# The Assay image for `assay serve` in a cluster (see README "Kubernetes" and `assay k8s manifests`).
# Not built in CI. Build from the repository root:  docker build -t assay:0.1.0 .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -pl assay-cli -am package -DskipTests

FROM eclipse-temurin:21-jre
# A fixed non-root user: the Deployment sets runAsNonRoot/runAsUser 10001 and a read-only root filesystem.
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin assay \
 && mkdir -p /var/lib/assay /etc/assay && chown 10001:10001 /var/lib/assay
COPY --from=build /src/assay-cli/target/assay.jar /opt/assay/assay.jar
USER 10001
# /etc/assay: the ConfigMap with assay.yaml; /var/lib/assay: the journal (mount a PersistentVolumeClaim to keep it);
# /var/run/secrets/assay/token: the API token (the Secret assay-token). serve answers /healthz on 8080 for the probes.
VOLUME ["/var/lib/assay"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/assay/assay.jar"]
CMD ["serve", "--system", "/etc/assay/assay.yaml", "--journal", "/var/lib/assay/journal.db", "--listen", "0.0.0.0:8080", "--token-file", "/var/run/secrets/assay/token"]
