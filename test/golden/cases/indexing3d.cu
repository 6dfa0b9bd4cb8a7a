// threadIdx/blockIdx/blockDim/gridDim in x, y and z.
__global__ void fill3d(int* out, int nx, int ny, int nz)
{
    unsigned int x = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned int y = blockIdx.y * blockDim.y + threadIdx.y;
    unsigned int z = blockIdx.z * blockDim.z + threadIdx.z;
    if (x < nx && y < ny && z < nz) {
        // encodes the grid shape so a swapped built-in is visible
        out[(z * ny + y) * nx + x] = gridDim.x * 100 + gridDim.y * 10 + gridDim.z;
    }
}
