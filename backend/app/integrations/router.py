"""HTTP routes for other systems: upsert by external id, bulk upsert, change feed, webhook endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.core.concurrency import expected_version, optional_version, set_etag
from app.core.db import ReadSessionDep, SessionDep
from app.core.errors import preferred_language, problem_responses
from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.privacy import no_store
from app.core.security import Principal, requires
from app.integrations import service, webhooks
from app.integrations.schemas import (
    BulkCadreResult,
    BulkCadreUpsert,
    CadreUpsert,
    CadreUpserted,
    ChangePage,
    DeliveryStatus,
    ExternalIdPath,
    SystemPath,
    UnitUpsert,
    UnitUpserted,
    WebhookDeliveryPage,
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointPage,
    WebhookEndpointRead,
    WebhookEndpointSecret,
    WebhookEndpointUpdate,
)

router = APIRouter(tags=["integration"], responses=problem_responses(401, 403, 404, 422))

UnitWriter = Annotated[Principal, requires("units:write")]
UnitReader = Annotated[Principal, requires("units:read")]
CadreWriter = Annotated[Principal, requires("cadres:write")]
CadreReader = Annotated[Principal, requires("cadres:read")]
WebhookOwner = Annotated[Principal, requires(webhooks.PERMISSION)]


@router.put("/units/by-external-id/{system}/{external_id}", response_model=UnitUpserted,
            responses={201: {"model": UnitUpserted, "description": "Created"}, **problem_responses(409, 412)})
async def upsert_unit(system: SystemPath, external_id: ExternalIdPath, body: UnitUpsert, request: Request,
                      session: SessionDep, principal: UnitWriter, response: Response) -> UnitUpserted:
    """Create the unit another system knows by this id, or update it (same rules as POST/PATCH /units)."""
    unit = await service.upsert_unit(session, principal, system, external_id, body, optional_version(request))
    response.status_code = status.HTTP_201_CREATED if unit.created else status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/units/{unit.id}"
    set_etag(response, unit.version)
    return unit


@router.get("/units/by-external-id/{system}/{external_id}", response_model=UnitUpserted)
async def get_unit_by_external_id(system: SystemPath, external_id: ExternalIdPath, session: SessionDep,
                                  principal: UnitReader, response: Response) -> UnitUpserted:
    unit = await service.get_unit_by_external_id(session, principal, system, external_id)
    set_etag(response, unit.version)
    return unit


@router.put("/cadres/by-external-id/{system}/{external_id}", response_model=CadreUpserted,
            response_model_exclude_unset=True,
            responses={201: {"model": CadreUpserted, "description": "Created"}, **problem_responses(409, 412)})
async def upsert_cadre(system: SystemPath, external_id: ExternalIdPath, body: CadreUpsert, request: Request,
                       session: SessionDep, principal: CadreWriter, response: Response) -> CadreUpserted:
    """Create the cadre another system knows by this id, or update it (same rules as POST/PATCH /cadres)."""
    cadre = await service.upsert_cadre(session, principal, system, external_id, body, optional_version(request))
    response.status_code = status.HTTP_201_CREATED if cadre.created else status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/cadres/{cadre.id}"
    set_etag(response, cadre.version)
    no_store(response)
    return cadre


@router.get("/cadres/by-external-id/{system}/{external_id}", response_model=CadreUpserted,
            response_model_exclude_unset=True)
async def get_cadre_by_external_id(system: SystemPath, external_id: ExternalIdPath, session: SessionDep,
                                   principal: CadreReader, response: Response) -> CadreUpserted:
    cadre = await service.get_cadre_by_external_id(session, principal, system, external_id)
    set_etag(response, cadre.version)
    no_store(response)
    return cadre


@router.post("/cadres/bulk-upsert", response_model=BulkCadreResult, responses=problem_responses(409))
async def bulk_upsert_cadres(body: BulkCadreUpsert, request: Request, session: SessionDep,
                             principal: CadreWriter) -> BulkCadreResult:
    """Up to 1,000 cadres by external id, all or nothing: one bad row → 422 `batch_item_invalid` listing every
    row's problems (`field` = `items.N.<name>`) and nothing saved."""
    lang = preferred_language(request.headers.get("accept-language"))
    return await service.bulk_upsert_cadres(session, principal, body, lang)


@router.get("/changes", response_model=ChangePage)
async def list_changes(session: ReadSessionDep, principal: UnitReader, response: Response,
                       since: Annotated[str | None, Query(description="next_cursor of the previous poll")] = None,
                       limit: LimitParam = DEFAULT_LIMIT) -> ChangePage:
    """Units and cadres changed since a point, in commit order, within the caller's scope (for polling)."""
    no_store(response)
    return await service.list_changes(session, principal, since, limit)


@router.post("/webhook-endpoints", response_model=WebhookEndpointSecret, status_code=status.HTTP_201_CREATED)
async def create_webhook_endpoint(body: WebhookEndpointCreate, session: SessionDep, principal: WebhookOwner,
                                  response: Response) -> WebhookEndpointSecret:
    endpoint = await webhooks.create_endpoint(session, principal, body)
    response.headers["Location"] = f"/api/v1/webhook-endpoints/{endpoint.id}"
    no_store(response)
    return endpoint


@router.get("/webhook-endpoints", response_model=WebhookEndpointPage)
async def list_webhook_endpoints(session: SessionDep, principal: WebhookOwner, cursor: CursorParam = None,
                                 limit: LimitParam = DEFAULT_LIMIT) -> WebhookEndpointPage:
    return await webhooks.list_endpoints(session, principal, cursor=cursor, limit=limit)


@router.get("/webhook-endpoints/{endpoint_id}", response_model=WebhookEndpointRead)
async def get_webhook_endpoint(endpoint_id: int, session: SessionDep, principal: WebhookOwner,
                               response: Response) -> WebhookEndpointRead:
    endpoint = await webhooks.get_endpoint(session, principal, endpoint_id)
    set_etag(response, endpoint.version)
    return endpoint


@router.patch("/webhook-endpoints/{endpoint_id}", response_model=WebhookEndpointRead,
              responses=problem_responses(412, 428))
async def update_webhook_endpoint(endpoint_id: int, body: WebhookEndpointUpdate, request: Request,
                                  session: SessionDep, principal: WebhookOwner,
                                  response: Response) -> WebhookEndpointRead:
    """Change URL, event types or description, or pause (`is_active: false`) and resume the endpoint."""
    endpoint = await webhooks.update_endpoint(session, principal, endpoint_id, body, expected_version(request))
    set_etag(response, endpoint.version)
    return endpoint


@router.delete("/webhook-endpoints/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT,
               responses=problem_responses(412, 428))
async def delete_webhook_endpoint(endpoint_id: int, request: Request, session: SessionDep,
                                  principal: WebhookOwner) -> Response:
    await webhooks.delete_endpoint(session, principal, endpoint_id, expected_version(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/webhook-endpoints/{endpoint_id}/rotate-secret", response_model=WebhookEndpointSecret)
async def rotate_webhook_secret(endpoint_id: int, session: SessionDep, principal: WebhookOwner,
                                response: Response) -> WebhookEndpointSecret:
    """A new `whsec_` secret; messages carry signatures with both secrets for 24 hours."""
    no_store(response)
    return await webhooks.rotate_secret(session, principal, endpoint_id)


@router.get("/webhook-endpoints/{endpoint_id}/deliveries", response_model=WebhookDeliveryPage)
async def list_webhook_deliveries(endpoint_id: int, session: SessionDep, principal: WebhookOwner,
                                  status_: Annotated[DeliveryStatus | None,
                                                     Query(alias="status")] = None,
                                  cursor: CursorParam = None, limit: LimitParam = DEFAULT_LIMIT
                                  ) -> WebhookDeliveryPage:
    """Every message for the endpoint with its attempts; `status=dead` is the dead-letter list."""
    return await webhooks.list_deliveries(session, principal, endpoint_id, status=status_, cursor=cursor,
                                          limit=limit)


@router.post("/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry", response_model=WebhookDeliveryRead)
async def retry_webhook_delivery(endpoint_id: int, delivery_id: int, session: SessionDep,
                                 principal: WebhookOwner) -> WebhookDeliveryRead:
    return await webhooks.retry_delivery(session, principal, endpoint_id, delivery_id)
