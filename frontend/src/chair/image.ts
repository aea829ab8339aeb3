/**
 * Evidence photos are downscaled on the phone before upload (a 12-megapixel photo is 4–6 MB; on a 1.6 Mbps
 * connection that is half a minute). Longest side ≤ 1600 px, JPEG quality 0.8: legible documents, ~200–400 KB.
 */
export const MAX_SIDE = 1600;

export function fitWithin(width: number, height: number, maxSide = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

export interface Upload {
  filename: string;
  content_type: string;
  content_base64: string;
  size: number;
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function downscale(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', 0.8),
  );
}

/** A file ready for the API's inline upload: images downscaled to JPEG, other files as they are. */
export async function prepareUpload(file: File): Promise<Upload> {
  let blob: Blob = file;
  let filename = file.name || 'tep-dinh-kem';
  let contentType = file.type || 'application/octet-stream';
  if (file.type.startsWith('image/')) {
    try {
      blob = await downscale(file);
      filename = filename.replace(/\.[^.]+$/, '') + '.jpg';
      contentType = 'image/jpeg';
    } catch {
      blob = file; // an image the browser cannot decode goes as it is
    }
  }
  return { filename, content_type: contentType, content_base64: toBase64(await blob.arrayBuffer()), size: blob.size };
}
