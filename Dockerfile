# syntax=docker/dockerfile:1
# The Carbon Registry server: build with the .NET SDK (and Node.js for the dashboard), run on the
# ASP.NET runtime image as its non-root user. In the cluster the root filesystem is read-only and
# /tmp is an emptyDir (see k8s/base/deployment.yaml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/CarbonRegistry.Server/CarbonRegistry.Server.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Workstation GC (the project's default) with a 16 MB gen0 budget: left alone, the GC sizes gen0
# from the L3 cache, which virtual machines report as the host's, and each collection then paused
# the process for 50-100 ms with a thousand subscribers' frames in flight. This setting has no
# runtimeconfig knob, so it is set here (README: benchmarks api-live and api-query).
ENV Urls=http://+:8080 \
    DOTNET_GCgen0size=0x1000000
EXPOSE 8080 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "CarbonRegistry.Server.dll"]
