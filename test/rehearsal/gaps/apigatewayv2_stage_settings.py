# moto 5.2.5 lacks API Gateway v2 UpdateStage and DeleteRouteSettings, which the AWS provider
# calls to change a deployed stage: adding or changing a route's throttling (route_settings)
# sends DeleteRouteSettings for every route whose settings changed, then one UpdateStage with
# all of them (terraform-provider-aws, apigatewayv2 stage.go, resourceStageUpdate). This models
# both on moto's own Stage, so GetStage returns what was stored:
#   - UpdateStage replaces the fields it is given; routeSettings and defaultRouteSettings merge
#     per route key and per field, as the API documents "updates a Stage"; a stage variable set
#     to "" is removed (the provider removes variables that way).
#   - DeleteRouteSettings removes one route key's settings; an unknown stage or key is a 404
#     NotFoundException, which the provider ignores.
# test/stage-settings.test.ts shows the round trip against moto with and without this model.
import json
from datetime import datetime
from urllib.parse import unquote


def _stage_path(path):
    """(api id, stage name, rest) of /v2/apis/{api}/stages/{stage}[/routesettings/{key}]."""
    parts = path.split("?")[0].split("/")
    # ['', 'v2', 'apis', API, 'stages', STAGE, ...]
    return parts[3], unquote(parts[5]), parts[6:]


def install():
    from moto.apigateway import urls as v1_urls  # serves the v2 paths too: it copies them at import
    from moto.apigatewayv2 import urls
    from moto.apigatewayv2.exceptions import StageNotFound
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def update_stage(self):
        api_id, stage_name, _ = _stage_path(self.path)
        stage = self.apigatewayv2_backend.get_stage(api_id, stage_name)
        params = json.loads(self.body or "{}")
        for field, attribute in (
            ("accessLogSettings", "access_log_settings"),
            ("autoDeploy", "auto_deploy"),
            ("clientCertificateId", "client_certificate_id"),
            ("description", "description"),
        ):
            if field in params:
                setattr(stage, attribute, params[field])
        if "defaultRouteSettings" in params:
            stage.default_route_settings = {**(stage.default_route_settings or {}), **params["defaultRouteSettings"]}
        for key, settings in (params.get("routeSettings") or {}).items():
            stage.route_settings[key] = {**stage.route_settings.get(key, {}), **settings}
        for key, value in (params.get("stageVariables") or {}).items():
            if value == "":
                stage.stage_variables.pop(key, None)
            else:
                stage.stage_variables[key] = value
        stage.updated = datetime.now()
        return 200, {}, json.dumps(stage.to_json())

    def delete_route_settings(self):
        api_id, stage_name, rest = _stage_path(self.path)
        stage = self.apigatewayv2_backend.get_stage(api_id, stage_name)
        key = unquote("/".join(rest[1:]))
        if key not in stage.route_settings:
            raise StageNotFound  # a NotFoundException (404), as AWS answers an unknown key
        del stage.route_settings[key]
        stage.updated = datetime.now()
        return 204, {}, ""

    ApiGatewayV2Response.update_stage = update_stage
    ApiGatewayV2Response.delete_route_settings = delete_route_settings
    # A route key holds "/" and " " (ANY /orders/{proxy+}), which arrive decoded: match the rest.
    pattern = "{0}/v2/apis/(?P<api_id>[^/]+)/stages/(?P<stage_name>[^/]+)/routesettings/(?P<route_key>.+)$"
    for paths in (urls.url_paths, v1_urls.url_paths):
        paths[pattern] = ApiGatewayV2Response.dispatch
