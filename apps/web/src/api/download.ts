/**
 * File downloads (report exports). The request goes through the generated client like every other
 * call (`parseAs: 'blob'`, so the auth header and the refresh-on-401 apply); this helper only turns
 * the answer into a file for the browser, named as the API's Content-Disposition says.
 */
import { ApiRequestError, toApiError } from './errors';

interface BlobResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** `attachment; filename*=UTF-8''…` or `filename="…"` → the file name, or null. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim() ?? null;
}

/** Awaits a `parseAs: 'blob'` client call and saves the body as a file; throws ApiRequestError on failure. */
export async function saveDownload(call: Promise<BlobResult>, fallbackName: string): Promise<void> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiRequestError(response.status, toApiError(response, error));
  if (!(data instanceof Blob)) throw new ApiRequestError(response.status, toApiError(response, 'Empty download'));
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
