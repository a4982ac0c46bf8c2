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
ENV Urls=http://+:8080 \
    DOTNET_gcServer=1
EXPOSE 8080 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "CarbonRegistry.Server.dll"]
