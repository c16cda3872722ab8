/**
 * Plain requests for work that walks many pages or many resources (cursor seeking, CSV export,
 * bulk actions). They bypass the RTK Query cache on purpose: caching 500-row pages nobody views,
 * or refetching the list after each of 200 bulk requests, would cost more than it gives. Callers
 * invalidate the cache once when they are done.
 */
import { apiRequest } from '@/lib/api/http';
import type { Resource, ResourceAction, ResourceQuery } from '@/lib/api/types';

/** The largest page the server gives (`limit` 1–500). */
export const MAX_PAGE = 500;

export interface RawPage {
  items: Resource[];
  nextCursor: string | null;
  total: number;
}

export async function fetchResourcePage(query: ResourceQuery, signal?: AbortSignal): Promise<RawPage> {
  const res = await apiRequest<Resource[]>('/resources', { params: { ...query }, signal });
  const items = Array.isArray(res.data) ? res.data : [];
  return { items, nextCursor: res.meta?.nextCursor ?? null, total: res.meta?.total ?? items.length };
}

export async function fetchResource(id: string, signal?: AbortSignal): Promise<Resource> {
  return (await apiRequest<Resource>(`/resources/${encodeURIComponent(id)}`, { signal })).data;
}

export async function runAction(id: string, action: ResourceAction, signal?: AbortSignal): Promise<Resource | null> {
  return (await apiRequest<Resource | null>(`/resources/${encodeURIComponent(id)}/actions/${action}`, { method: 'POST', signal })).data ?? null;
}

export async function patchTags(id: string, tags: Record<string, string>, signal?: AbortSignal): Promise<Resource> {
  return (await apiRequest<Resource>(`/resources/${encodeURIComponent(id)}`, { method: 'PATCH', body: { tags }, signal })).data;
}

export async function deleteResource(id: string, signal?: AbortSignal): Promise<void> {
  await apiRequest<unknown>(`/resources/${encodeURIComponent(id)}`, { method: 'DELETE', signal });
}
